package io.sockscope.pipeline.assembly;

import io.sockscope.pipeline.component.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The assembled components, started and stopped in the Collector's order. Start: exporters, then
 * processors (from each pipeline's end to its start), receivers last, so nothing receives data
 * before what is behind it is ready. Shutdown, the reverse: receivers first so no new data comes
 * in, then processors from each pipeline's start to its end so they flush into running components,
 * exporters last. A connector starts after the pipelines it feeds and before those feeding it, and
 * shuts down after the pipelines feeding it have flushed into it, before those it feeds, so its last
 * data reaches running components. Every step has a time limit; a component that overruns it is left behind and the
 * next one goes on. Threading: call start and shutdown from one thread; shutdown is idempotent.
 */
public final class RunningService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RunningService.class.getName());

    /** A created component and how to name it in messages: {@code exporter otlp_grpc/jaeger}. */
    record Node(String label, Component component) {
    }

    private final ServiceConfig config;
    private final List<Node> receivers;
    /** Processors and connectors, in start order and in shutdown order. */
    private final List<Node> middleStart;
    private final List<Node> middleShutdown;
    private final List<Node> exporters;
    private final List<Node> started = new ArrayList<>();
    private Duration startTimeout = Duration.ofSeconds(30);
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private boolean stopped;

    RunningService(ServiceConfig config, List<Node> receivers, List<Node> middleStart, List<Node> middleShutdown, List<Node> exporters) {
        this.config = config;
        this.receivers = List.copyOf(receivers);
        this.middleStart = List.copyOf(middleStart);
        this.middleShutdown = List.copyOf(middleShutdown);
        this.exporters = List.copyOf(exporters);
    }

    public ServiceConfig config() {
        return config;
    }

    /** How long one component may take to start (default 30s) and to shut down (default 5s). */
    public RunningService timeouts(Duration start, Duration shutdown) {
        this.startTimeout = start;
        this.shutdownTimeout = shutdown;
        return this;
    }

    /** The nodes in start order. */
    List<Node> startOrder() {
        List<Node> order = new ArrayList<>(exporters);
        order.addAll(middleStart);
        order.addAll(receivers);
        return order;
    }

    /** The nodes in shutdown order. */
    List<Node> shutdownOrder() {
        List<Node> order = new ArrayList<>(receivers);
        order.addAll(middleShutdown);
        order.addAll(exporters);
        return order;
    }

    /**
     * Starts every component. When one fails, those already started are shut down (in shutdown
     * order) and the failure is thrown.
     *
     * @throws ServiceStartException naming the component that failed
     */
    public synchronized void start() {
        if (stopped) {
            throw new IllegalStateException("the service was shut down");
        }
        if (!started.isEmpty()) {
            return;
        }
        for (Node n : startOrder()) {
            Throwable failure = runBounded(n.label() + " start", n.component()::start, startTimeout);
            if (failure != null) {
                List<Node> toStop = new ArrayList<>(started);
                shutdownNodes(shutdownOrder().stream().filter(toStop::contains).toList());
                started.clear();
                stopped = true;
                String why = failure instanceof TimeoutException ? "did not start within " + startTimeout.toMillis() + " ms"
                        : "failed to start: " + failure.getMessage();
                throw new ServiceStartException(n.label(), why, failure);
            }
            started.add(n);
        }
    }

    /** Stops every component, flushing what they hold, each within the shutdown timeout. */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        // Components never started (start not called) are shut down too: they may hold resources.
        shutdownNodes(shutdownOrder());
        started.clear();
    }

    @Override
    public void close() {
        shutdown();
    }

    private void shutdownNodes(List<Node> nodes) {
        for (Node n : nodes) {
            Throwable failure = runBounded(n.label() + " shutdown", n.component()::shutdown, shutdownTimeout);
            if (failure instanceof TimeoutException) {
                LOG.log(System.Logger.Level.WARNING, n.label() + " did not shut down within " + shutdownTimeout.toMillis()
                        + " ms; going on without it");
            } else if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, n.label() + " failed to shut down: " + failure);
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Runs a step on its own thread and waits at most {@code timeout}; returns its failure or null. */
    private static Throwable runBounded(String name, Step step, Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name(name).start(() -> {
            try {
                step.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return null;
        } catch (TimeoutException e) {
            return e;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    static void shutdownQuietly(Component c) {
        try {
            c.shutdown();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "shutdown after a failed assembly: " + e);
        }
    }

    /** One line for the "ready" message: {@code receivers [ebpf] → exporters [debug, otlp_grpc]}. */
    public String summary() {
        List<String> r = new ArrayList<>();
        receivers.forEach(n -> r.add(n.label().substring("receiver ".length())));
        List<String> e = new ArrayList<>();
        exporters.forEach(n -> {
            String id = n.label().substring("exporter ".length());
            if (!e.contains(id)) {
                e.add(id);
            }
        });
        List<String> c = new ArrayList<>();
        middleStart.forEach(n -> {
            if (n.label().startsWith("connector ") && !c.contains(n.label().substring("connector ".length()))) {
                c.add(n.label().substring("connector ".length()));
            }
        });
        return config.pipelines().size() + " pipelines, receivers " + r + (c.isEmpty() ? "" : " → connectors " + c) + " → exporters " + e;
    }
}
