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
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.api.security.Roles;
import io.shotflow.asset.AssetUrlSigner;
import io.shotflow.catalog.AssetRow;
import io.shotflow.media.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/** Uploads (raw body or multipart {@code file}) and downloads, with HTTP range support for video seeking. */
@Controller("/api/assets")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AssetController {

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
  public HttpResponse<AssetCreated> upload(HttpRequest<?> request, @Body InputStream body) throws IOException {
    String contentType = request.getContentType().map(MediaType::toString).orElse("");
    return created(intake.store(body, contentType, null));
  }

  @Post
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Secured({Roles.PRODUCER, Roles.ADMIN})
  public HttpResponse<AssetCreated> uploadPart(@Part("file") CompletedFileUpload file) throws IOException {
    String contentType = file.getContentType().map(MediaType::toString)
        .orElseGet(() -> MediaTypes.forFileName(file.getFilename()));
    if (!AssetIntake.accepted(contentType)) {
      throw ApiProblem.badRequest("file", "content type '" + contentType + "' is not one of "
          + new TreeSet<>(AssetIntake.ACCEPTED_TYPES));
    }
    try (InputStream in = file.getInputStream()) {
      return created(intake.store(in, contentType, file.getFilename()));
    }
  }

  /**
   * Open to any valid bearer token, and to providers with a signed, unexpired URL ({@code ?expires=&sig=}, made by
   * {@code ProviderInputs}): 403 for a bad or expired signature, 401 with neither.
   */
  @Get("/{id}")
  @Secured(SecurityRule.IS_ANONYMOUS)
  public SystemFile download(@PathVariable String id, @Nullable @QueryValue String expires,
      @Nullable @QueryValue String sig, @Nullable Authentication authentication) {
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
