package io.shotflow.asset;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import io.shotflow.media.MediaTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract on the folder store, its links served by a stand-in for the API's {@code GET /api/assets/{id}} that
 * checks signatures with the same {@link AssetUrlSigner} (the real route is covered by the system tests).
 */
class FileAssetStoreContractTest extends AssetStoreContract {

  private FileAssetStore store;
  private ApiAssetLinks links;
  private HttpServer site;

  @BeforeEach
  void start() throws IOException {
    store = new FileAssetStore(dir.resolve("assets"));
    AssetUrlSigner signer = AssetUrlSigner.withRandomKey();
    site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext("/api/assets/", exchange -> {
      URI uri = exchange.getRequestURI();
      String id = uri.getPath().substring("/api/assets/".length());
      Map<String, String> query = new HashMap<>();
      for (String pair : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
      int status;
      byte[] body = new byte[0];
      if (signer.check(id, query.get("expires"), query.get("sig")) != AssetUrlSigner.Check.VALID) {
        status = 403;
      } else {
        try {
          body = Files.readAllBytes(store.path(id));
          exchange.getResponseHeaders().add("Content-Type", MediaTypes.forFileName(id));
          status = 200;
        } catch (NoSuchElementException e) {
          status = 404;
        }
      }
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    site.start();
    links = new ApiAssetLinks("http://127.0.0.1:" + site.getAddress().getPort() + "/", signer);
  }

  @AfterEach
  void stop() {
    site.stop(0);
  }

  @Override
  protected AssetStore store() {
    return store;
  }

  @Override
  protected AssetLinks links() {
    return links;
  }

  @Override
  protected Path localFiles() {
    return store.root();
  }
}
