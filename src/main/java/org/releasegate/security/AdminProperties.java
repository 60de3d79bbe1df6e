package org.releasegate.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * releasegate.admin: the first administrator, created on a start that finds nobody in camunda-admin
 * (outside the demo profile). Give them as the environment variables RELEASEGATE_ADMIN_USER and
 * RELEASEGATE_ADMIN_PASSWORD on that start only, never in a file; remove them afterwards.
 *
 * @param user     the administrator's user id
 * @param password 12 characters at least, not a well-known one
 */
@ConfigurationProperties("releasegate.admin")
record AdminProperties(String user, String password) {
}
