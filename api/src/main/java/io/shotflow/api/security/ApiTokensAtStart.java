package io.shotflow.api.security;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the API tokens as the HTTP server is created, before it opens its port, so a bad or placeholder tokens file
 * stops the start with its message instead of failing the first request.
 */
@Singleton
public class ApiTokensAtStart implements BeanCreatedEventListener<EmbeddedServer> {

  private static final Logger LOG = LoggerFactory.getLogger(ApiTokensAtStart.class);

  private final ApiTokens tokens;

  public ApiTokensAtStart(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public EmbeddedServer onCreated(BeanCreatedEvent<EmbeddedServer> event) {
    LOG.info("The API accepts {} tokens, {}", tokens.all().size(), tokens.generatedFile()
        .map(file -> "generated for this run and kept in " + file + " (readable by its owner only)")
        .orElse("from shotflow.security.tokens-file"));
    return event.getBean();
  }
}
