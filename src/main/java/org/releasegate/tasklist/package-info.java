/**
 * What people see of a release in Tasklist and through the REST API's task lists: every task named after its release
 * ({@link org.releasegate.process.ReleaseLabel}), and a filter per release, made when it starts and removed when it
 * ends, for whoever started it and the groups that work on it.
 */
package org.releasegate.tasklist;
