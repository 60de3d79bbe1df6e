/**
 * How Release Gate's own REST API answers a request it refuses: one RFC 9457 problem ({@code application/problem+json})
 * for every controller, built by {@link org.releasegate.api.ApiProblems} from the exception that says what went
 * wrong ({@link org.releasegate.api.Forbidden}, {@link org.releasegate.api.BadRequest},
 * {@link org.releasegate.api.NotFound}, {@link org.releasegate.api.Conflict}). Controllers throw; they never build
 * an error body by hand.
 */
package org.releasegate.api;
