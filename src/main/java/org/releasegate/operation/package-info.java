/**
 * Stopping an environment while its data is archived, changed or restored, and starting it again: the environment's
 * {@code stop} / {@code start} commands and the data store's proof that nothing writes any more.
 */
package org.releasegate.operation;
