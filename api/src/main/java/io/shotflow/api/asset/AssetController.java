package io.shotflow.api.asset;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.rules.SecurityRule;
import io.shotflow.api.ApiDocumentation;
import io.shotflow.api.problem.ProblemResponses;
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.api.problem.ApiProblemHandler;
import io.shotflow.api.problem.ProblemDocument;
import io.shotflow.api.security.Roles;
import io.shotflow.asset.AssetUrlSigner;
import io.shotflow.catalog.AssetRow;
import io.shotflow.media.MediaTypes;
import io.shotflow.spec.InputLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/** Uploads (raw body or multipart {@code file}) and downloads, with HTTP range support for video seeking. */
@Controller("/api/assets")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = ApiDocumentation.ASSETS)
public class AssetController {

  /** The multipart form of an upload, as the OpenAPI document describes it. */
  @Schema(name = "AssetUploadForm", description = "An upload as a multipart form")
  record UploadForm(
      @Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED,
          description = "The file; its part's `Content-Type` (or else its name) must be an accepted type")
      byte[] file) {}

  private final AssetIntake intake;
  private final AssetUrlSigner signer;

  public AssetController(AssetIntake intake, AssetUrlSigner signer) {
    this.intake = intake;
    this.signer = signer;
  }

  @Post
  @Consumes({"image/png", "image/jpeg", "audio/wav", "audio/x-wav", "audio/wave", "audio/mpeg", "audio/mp4",
      "audio/aac", "video/mp4"})
  @Secured({Roles.PRODUCER, Roles.ADMIN})
  @Operation(operationId = "uploadAsset", summary = "Upload an asset",
      description = "Stores a keyframe image, dialogue audio or a video, either as the raw body with its "
          + "`Content-Type` or as the `file` part of a multipart form. A spec refers to it as `asset:<id>`. Roles "
          + "`producer` or `admin`.")
  @RequestBody(required = true, content = {
      @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "audio/wav", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "audio/x-wav", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "audio/wave", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "audio/mpeg", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "audio/mp4", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "audio/aac", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "video/mp4", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = UploadForm.class))})
  @ApiResponse(responseCode = "201", description = "Stored",
      headers = @Header(name = "Location", description = "The asset's download URL", schema = @Schema(type = "string")),
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AssetCreated.class)))
  @ApiResponse(responseCode = "400", description = "The multipart `file` has a type that is not accepted",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  @ProblemResponses.ProducerOrAdmin
  @ApiResponse(responseCode = "415", description = "The raw body's `Content-Type` is not accepted",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public HttpResponse<AssetCreated> upload(HttpRequest<?> request, @Body InputStream body) throws IOException {
    String contentType = request.getContentType().map(MediaType::toString).orElse("");
    return created(intake.store(body, contentType, null));
  }

  @Post
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Secured({Roles.PRODUCER, Roles.ADMIN})
  @Operation(hidden = true) // documented with the raw upload above: one operation, two forms of its body
  public HttpResponse<AssetCreated> uploadPart(@Part("file") CompletedFileUpload file) throws IOException {
    String contentType = file.getContentType().map(MediaType::toString)
        .orElseGet(() -> MediaTypes.forFileName(file.getFilename()));
    if (!AssetIntake.accepted(contentType)) {
      throw ApiProblem.badRequest("file", "content type '" + contentType + "' is not one of "
          + new TreeSet<>(AssetIntake.ACCEPTED_TYPES));
    }
    InputLimits.text(file.getFilename(), InputLimits.MAX_ASSET_NAME_CHARS).ifPresent(problem -> {
      throw ApiProblem.badRequest("file", "file name " + problem);
    });
    try (InputStream in = file.getInputStream()) {
      return created(intake.store(in, contentType, file.getFilename()));
    }
  }

  /**
   * Open to any valid bearer token, and to providers with a signed, unexpired URL ({@code ?expires=&sig=}, made by
   * {@code ApiAssetLinks} for the folder store): 403 for a bad or expired signature, 401 with neither. With the S3 store
   * the file comes from the store's local cache (fetched from the bucket once), so ranges work the same.
   */
  @Get("/{id}")
  @Secured(SecurityRule.IS_ANONYMOUS)
  @Operation(operationId = "getAsset", summary = "Download an asset",
      description = "The file, with HTTP range support for seeking. Open to any valid bearer token, and without "
          + "one to a signed, unexpired URL (`expires` and `sig`, as handed to providers).",
      security = {@SecurityRequirement(name = ApiDocumentation.TOKEN),
          @SecurityRequirement(name = ApiDocumentation.SIGNED_URL)})
  @ApiResponse(responseCode = "200", description = "The file", content = {
      @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "audio/wav", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "audio/mpeg", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "audio/mp4", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "audio/aac", schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = "video/mp4", schema = @Schema(type = "string", format = "binary"))})
  @ApiResponse(responseCode = "206", description = "The requested range of the file")
  @ApiResponse(responseCode = "401", description = "Neither a valid bearer token nor a signature",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  @ApiResponse(responseCode = "403", description = "The signature is not valid for this asset, or has expired",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  @ApiResponse(responseCode = "404", description = "No asset with this id",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public SystemFile download(@PathVariable String id,
      @Parameter(description = "With `sig`: when the signed URL expires, in seconds since the epoch")
      @Nullable @QueryValue String expires,
      @Parameter(description = "With `expires`: the URL's signature") @Nullable @QueryValue String sig,
      @Nullable Authentication authentication) {
    if (authentication == null) {
      if (expires == null && sig == null) {
        throw new AuthorizationException(null);
      }
      AssetUrlSigner.Check check = signer.check(id, expires, sig);
      if (check != AssetUrlSigner.Check.VALID) {
        throw new ApiProblem(HttpStatus.FORBIDDEN, check == AssetUrlSigner.Check.EXPIRED
            ? "the signed URL of asset " + id + " has expired" : "the signature of this asset URL is not valid");
      }
    }
    return new SystemFile(file(id).toFile(), MediaType.of(MediaTypes.forFileName(id)));
  }

  /** The file of an existing asset; 404 for an unknown or malformed id. */
  Path file(String id) {
    try {
      if (intake.exists(id)) {
        return intake.path(id);
      }
    } catch (NoSuchElementException | IllegalArgumentException e) {
      // malformed ids are unknown ids
    }
    throw ApiProblem.notFound("no asset " + id);
  }

  private static HttpResponse<AssetCreated> created(AssetRow row) {
    String url = AssetUrls.of(row.id());
    return HttpResponse.created(new AssetCreated(row.id(), url), URI.create(url));
  }
}
