package io.shotflow.media;

/**
 * A file in the content-addressed asset store. The id is the sha256 of the content plus its extension
 * (for example {@code 9f2c…e1.png}); specs refer to it as {@code asset:<id>}.
 */
public record AssetRef(String id, String contentType) {

  public static final String SCHEME = "asset:";

  public String uri() {
    return SCHEME + id;
  }

  public static boolean isAssetUri(String ref) {
    return ref != null && ref.startsWith(SCHEME);
  }

  /** The asset named by {@code asset:<id>}; the content type follows from the id's extension. */
  public static AssetRef fromUri(String ref) {
    String id = ref.substring(SCHEME.length());
    return new AssetRef(id, MediaTypes.forFileName(id));
  }
}
