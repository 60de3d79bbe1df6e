package org.releasegate.notification;

/** One plain-text mail to one person. */
record Mail(String to, String subject, String body) {
}
