package io.shotflow.workflows.shot;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@link TakeLoop.Waits} in workflow code: {@link Workflow#await}, one workflow thread per call, workflow time. */
final class WorkflowWaits implements TakeLoop.Waits {

  @Override
  public boolean until(Duration timeout, BooleanSupplier done) {
    return Workflow.await(timeout, done::getAsBoolean);
  }

  @Override
  public void until(BooleanSupplier done) {
    Workflow.await(done::getAsBoolean);
  }

  @Override
  public <T> List<T> all(List<Supplier<T>> calls) {
    List<Promise<T>> started = new ArrayList<>();
    for (Supplier<T> call : calls) {
      started.add(Async.function(call::get));
    }
    return started.stream().map(Promise::get).toList();
  }

  @Override
  public long now() {
    return Workflow.currentTimeMillis();
  }
}
