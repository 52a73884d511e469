package io.shotflow.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The OpenAPI document served at {@code /swagger/} and browsable at {@code /swagger-ui/}: the API's reference for
 * client generators. {@code OpenApiLintTest} keeps it clean under Redocly's recommended rules.
 */
@OpenAPIDefinition(
    info = @Info(title = "Shotflow", version = "0.1",
        description = "Storyboards to finished cuts through durable Temporal workflows. Submit a storyboard spec, "
            + "follow its status, review its keyframes and takes, raise its budget or cancel it, and download the "
            + "cut and the editor exports. Errors are answered as `application/problem+json`; a refused spec or "
            + "request lists each invalid field in `errors`."),
    servers = @Server(url = "/",
        description = "The Shotflow API serving this document (`./shotflow run` and `./shotflow serve` listen on "
            + "port 8080 unless `micronaut.server.port` says otherwise)"),
    tags = {
        @Tag(name = ApiDocumentation.STORYBOARDS,
            description = "Submit storyboards, read their status and act on running ones"),
        @Tag(name = ApiDocumentation.REVIEWS, description = "Approve or reject what a storyboard waits on"),
        @Tag(name = ApiDocumentation.EXPORTS, description = "The cut's editor files, once assembled"),
        @Tag(name = ApiDocumentation.ASSETS,
            description = "Images, audio and video: uploads a spec refers to as `asset:<id>`, and downloads"),
        @Tag(name = ApiDocumentation.WEBHOOKS,
            description = "Job notifications from video providers, verified with each provider's own scheme"),
        @Tag(name = ApiDocumentation.CODEC,
            description = "Temporal's remote codec protocol, so that the Temporal UI and CLI can show the encrypted "
                + "workflow payloads")
    },
    security = @SecurityRequirement(name = ApiDocumentation.TOKEN))
@SecurityScheme(name = ApiDocumentation.TOKEN, type = SecuritySchemeType.HTTP, scheme = "bearer",
    description = "An API token from `shotflow.security.tokens-file` (or printed by the embedded stack at start); "
        + "its roles (`producer`, `reviewer`, `admin`) decide what it may do")
@SecurityScheme(name = ApiDocumentation.SIGNED_URL, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.QUERY,
    paramName = "sig", description = "A signed asset URL (`?expires=...&sig=...`), as Shotflow hands to providers "
        + "for the inputs they fetch; valid for `shotflow.assets.url-ttl`")
public final class ApiDocumentation {

  public static final String TOKEN = "token";
  public static final String SIGNED_URL = "signedUrl";
  public static final String STORYBOARDS = "storyboards";
  public static final String REVIEWS = "reviews";
  public static final String EXPORTS = "exports";
  public static final String ASSETS = "assets";
  public static final String WEBHOOKS = "webhooks";
  public static final String CODEC = "codec";

  private ApiDocumentation() {}
}
