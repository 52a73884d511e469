package io.shotflow.platform.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.shotflow.temporal.SearchAttributes;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers Shotflow's search attributes in the namespace, one at a time so that attributes an operator already
 * created are skipped. A server that refuses (no permission, a different type) only costs a warning: workflows
 * still run, operators just cannot filter on that attribute.
 */
final class SearchAttributeRegistrar {

  private static final Logger LOG = LoggerFactory.getLogger(SearchAttributeRegistrar.class);

  private SearchAttributeRegistrar() {}

  /** Returns the names of the attributes that are now known to the namespace. */
  static List<String> register(WorkflowServiceStubs service, String namespace) {
    OperatorServiceStubsOptions.Builder options = OperatorServiceStubsOptions.newBuilder()
        .setChannel(service.getRawChannel());
    if (service.getOptions().getGrpcMetadataProviders() != null) {
      // the API key travels as call metadata, not on the channel
      options.setGrpcMetadataProviders(service.getOptions().getGrpcMetadataProviders());
    }
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(options.validateAndBuildWithDefaults());
    List<String> registered = new ArrayList<>();
    try {
      for (SearchAttributeKey<?> key : SearchAttributes.ALL) {
        try {
          operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
              .setNamespace(namespace)
              .putSearchAttributes(key.getName(), key.getValueType())
              .build());
          registered.add(key.getName());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
            registered.add(key.getName());
          } else {
            LOG.warn("Could not register search attribute {} ({}): {}", key.getName(), key.getValueType(),
                e.getStatus());
          }
        }
      }
    } finally {
      operator.shutdown();
    }
    LOG.info("Search attributes in namespace {}: {}", namespace, registered);
    return registered;
  }
}
