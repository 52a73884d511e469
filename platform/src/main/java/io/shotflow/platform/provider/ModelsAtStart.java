package io.shotflow.platform.provider;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.shotflow.provider.ProviderCatalog;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and checks the models file ({@code models.yaml}) as any role starts, so a mistake in it stops the start with a
 * message naming the entry and field instead of failing the first submission.
 */
@Singleton
public class ModelsAtStart implements ApplicationEventListener<StartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(ModelsAtStart.class);

  @Override
  public void onApplicationEvent(StartupEvent event) {
    LOG.debug("models.yaml: {} video entries, {} lip-sync steps", ProviderCatalog.table().video().size(),
        ProviderCatalog.table().lipSync().size());
  }
}
