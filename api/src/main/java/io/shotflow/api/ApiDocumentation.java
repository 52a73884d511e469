package io.shotflow.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The OpenAPI document served at {@code /swagger/} and browsable at {@code /swagger-ui/}. */
@OpenAPIDefinition(
    info = @Info(title = "Shotflow", version = "0.1",
        description = "Storyboards to finished cuts through durable Temporal workflows"),
    security = @SecurityRequirement(name = "token"))
@SecurityScheme(name = "token", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class ApiDocumentation {

  private ApiDocumentation() {}
}
