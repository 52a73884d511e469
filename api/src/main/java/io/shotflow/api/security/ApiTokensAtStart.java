package io.shotflow.api.security;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the API tokens as the HTTP server starts, so a bad or placeholder tokens file fails the start with its message
 * instead of the first request, and generated tokens are in their file as soon as the API answers. A context that
 * never starts the server (the worker role) never creates them.
 */
@Singleton
public class ApiTokensAtStart implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(ApiTokensAtStart.class);

  private final ApiTokens tokens;

  public ApiTokensAtStart(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    LOG.info("The API accepts {} tokens, {}", tokens.all().size(), tokens.generatedFile()
        .map(file -> "generated for this run and kept in " + file + " (readable by its owner only)")
        .orElse("from shotflow.security.tokens-file"));
  }
}
