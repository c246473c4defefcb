package io.sockscope.receiver.connection;

import io.sockscope.bpf.Direction;
import io.sockscope.bpf.Role;
import io.sockscope.receiver.protocol.Detection;
import io.sockscope.receiver.protocol.ProtocolDetector;
import io.sockscope.receiver.protocol.Segment;

/**
 * The role of a socket whose connect or accept the kernel did not report (it existed before Sockscope
 * started), from its first bytes. In order of trust: a local port with a listening socket is a server;
 * a first message that a parser recognises as a request or a response tells which end sent it; a
 * socket on a port nobody listens on is a client; failing all, the first bytes seen are taken as a
 * request (the protocol-independent assumption), which is right unless they were the tail of a response.
 */
public final class RoleInference {
    private final ListeningPorts listening;
    private final ProtocolDetector detector;

    public RoleInference(ListeningPorts listening, ProtocolDetector detector) {
        this.listening = listening;
        this.detector = detector;
    }

    /** Gives {@code c} its role from its first bytes, {@code first}, moving {@code direction}. */
    public void assign(Connection c, Segment first, Direction direction, long nowNanos) {
        Role role = infer(c, first, direction, nowNanos);
        if (role == null) {
            c.guessRole(direction == Direction.EGRESS ? Role.CLIENT : Role.SERVER);
        } else {
            c.role(role);
        }
    }

    /** The role when something tells it, else null. */
    private Role infer(Connection c, Segment first, Direction direction, long nowNanos) {
        ListeningPorts.Answer answer = ListeningPorts.Answer.UNKNOWN;
        if (!c.isDatagram()) {
            answer = listening.lookup(c.netns(), c.pid(), c.local().port(), nowNanos);
            if (answer == ListeningPorts.Answer.LISTENING) {
                return Role.SERVER;
            }
            Detection d = detector.classify(first);
            if (d != Detection.NONE) {
                boolean sentRequest = (d == Detection.REQUEST) == (direction == Direction.EGRESS);
                return sentRequest ? Role.CLIENT : Role.SERVER;
            }
            if (answer == ListeningPorts.Answer.NOT_LISTENING) {
                return Role.CLIENT;
            }
        }
        return null;
    }
}
