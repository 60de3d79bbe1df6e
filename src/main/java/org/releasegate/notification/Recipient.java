package org.releasegate.notification;

/** A person with an email address. */
record Recipient(String userId, String firstName, String email) {
}
