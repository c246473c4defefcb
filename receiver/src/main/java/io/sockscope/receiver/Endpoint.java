package io.sockscope.receiver;

import io.sockscope.bpf.Addresses;

import java.net.InetAddress;

/** One end of a connection. {@code address} is null when the kernel did not tell. */
public record Endpoint(InetAddress address, int port) {
    @Override
    public String toString() {
        return Addresses.format(address, port);
    }
}
