package io.shotflow.bench.topology;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the Temporal server says about a workflow: its started activities and which worker process runs each (the
 * SDK's default identity is {@code pid@host}), and which worker last ran its workflow code.
 */
public final class TemporalProbe implements AutoCloseable {

  /** A started activity: its type, attempt, and the identity of the worker that has it. */
  public record RunningActivity(String workflowId, String type, int attempt, String workerIdentity,
      long startedMillis) {}

  private final WorkflowServiceStubs service;

  TemporalProbe(String address) {
    this.service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address)
        .build());
  }

  /** The activities of {@code workflowId} a worker has started and not finished; empty when the workflow is unknown. */
  public List<RunningActivity> running(String workflowId) {
    DescribeWorkflowExecutionResponse described;
    try {
      described = service.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
          .setNamespace("default").setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
    } catch (StatusRuntimeException e) {
      return List.of();
    }
    List<RunningActivity> running = new ArrayList<>();
    for (var pending : described.getPendingActivitiesList()) {
      if (pending.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED) {
        running.add(new RunningActivity(workflowId, pending.getActivityType().getName(), pending.getAttempt(),
            pending.getLastWorkerIdentity(), pending.getLastStartedTime().getSeconds() * 1000
                + pending.getLastStartedTime().getNanos() / 1_000_000));
      }
    }
    return running;
  }

  /** The identity of the worker that last started a workflow task of {@code workflowId} (its cached owner). */
  public Optional<String> lastWorkflowWorker(String workflowId) {
    String identity = null;
    for (HistoryEvent event : history(workflowId)) {
      if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
        identity = event.getWorkflowTaskStartedEventAttributes().getIdentity();
      }
    }
    return Optional.ofNullable(identity);
  }

  /** The history of {@code workflowId}'s latest run; empty when it is unknown. */
  public List<HistoryEvent> history(String workflowId) {
    List<HistoryEvent> events = new ArrayList<>();
    com.google.protobuf.ByteString token = com.google.protobuf.ByteString.EMPTY;
    try {
      do {
        GetWorkflowExecutionHistoryResponse page = service.blockingStub().getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace("default")
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).setNextPageToken(token)
                .build());
        events.addAll(page.getHistory().getEventsList());
        token = page.getNextPageToken();
      } while (!token.isEmpty());
    } catch (StatusRuntimeException e) {
      return List.of();
    }
    return events;
  }

  @Override
  public void close() {
    service.shutdownNow();
  }
}
