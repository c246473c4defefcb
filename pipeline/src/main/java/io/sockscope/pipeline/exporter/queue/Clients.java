package io.sockscope.pipeline.exporter.queue;

final class Clients {
    private static final System.Logger LOG = System.getLogger(Clients.class.getName());

    private Clients() {
    }

    static void close(AutoCloseable client) {
        try {
            client.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing the exporter's client failed: " + e);
        }
    }
}
