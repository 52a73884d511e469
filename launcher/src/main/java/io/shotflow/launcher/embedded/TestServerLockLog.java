package io.shotflow.launcher.embedded;

import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Field;
import java.util.LinkedList;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a defect of Temporal's test server (1.38.0): its {@code SelfAdvancingTimerImpl} keeps a
 * {@code LinkedList} of lock and unlock events "for debugging purposes only". Unlocks by name append to it and never
 * remove, so it grows with every workflow and activity task, and every unlock through a handle (one per workflow
 * update) scans it from the head. The embedded server got slower the longer it ran (after a 200-shot storyboard
 * {@code LinkedList.remove} was 14% of the process's CPU) and kept the memory for good. The server reads the list
 * only to describe an unbalanced unlock, so a log that keeps nothing changes no behaviour.
 */
final class TestServerLockLog {

  private static final Logger LOG = LoggerFactory.getLogger(TestServerLockLog.class);

  private TestServerLockLog() {}

  static void disable(TestServicesStarter services) {
    try {
      Object timer = read(services, "selfAdvancingTimer");
      Lock lock = (Lock) read(timer, "lock");
      Field events = timer.getClass().getDeclaredField("lockEvents");
      events.setAccessible(true);
      lock.lock();
      try {
        events.set(timer, new Forgetful());
      } finally {
        lock.unlock();
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("Could not stop the embedded Temporal server's lock log from growing (the server's internals changed?);"
          + " it will slow down as it runs", e);
    }
  }

  private static Object read(Object target, String name) throws ReflectiveOperationException {
    Field field = target.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(target);
  }

  /** Remembers nothing; every removal succeeds, since the server balances its locks itself. */
  private static final class Forgetful extends LinkedList<Object> {

    @Override
    public boolean add(Object event) {
      return true;
    }

    @Override
    public boolean remove(Object event) {
      return true;
    }
  }
}
