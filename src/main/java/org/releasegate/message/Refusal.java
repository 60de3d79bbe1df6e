package org.releasegate.message;

/**
 * An exception whose message is written for the person who made the request, in French, from the bundle
 * ({@link Messages}): the engine's REST API answers with that message alone, whatever the engine or Camunda's REST
 * layer wrapped around it ({@link EngineRestAnswers}).
 */
public interface Refusal {

    String getMessage();
}
