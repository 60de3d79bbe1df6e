package org.releasegate.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Machines for a test, built on this one with Linux network namespaces: each host its own network stack, address and
 * processes ({@code ip netns exec}), joined by veth pairs to a bridge that the test's own JVM also sits on (it reaches
 * every host; the hosts reach each other only through the bridge). A host's link can be cut and restored as a cable
 * pulled out: its veth goes down, its packets are lost, its connections hang until something times them out.
 * <p>
 * Names carry a random suffix ({@code rg-engine-3fa2}) so that two runs on one machine do not meet; everything is
 * removed on {@link #close()}, and by a shutdown hook if the test JVM ends first. Needs root (CI runs as root). Where
 * namespaces cannot be made, {@link #create} says so: it fails the test in CI ({@code CI} set) and skips it elsewhere,
 * never passes it.
 */
final class NetworkHosts implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String suffix;
    private final String subnet;
    private final String bridge;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Thread cleanupAtExit = new Thread(this::removeQuietly, "network-hosts-cleanup");
    private boolean closed;

    /** One machine: its namespace, its address on the bridge, the host end of its cable. */
    record Host(String name, String namespace, String address, String cable) {

        /** The command prefix that runs a program on this host. */
        List<String> exec() {
            return List.of("ip", "netns", "exec", namespace);
        }
    }

    private NetworkHosts(String suffix, String subnet) {
        this.suffix = suffix;
        this.subnet = subnet;
        this.bridge = "rg" + suffix + "br";
    }

    /**
     * Builds the hosts, named in order ({@code engine}, {@code prod}, {@code test}), with addresses {@code .1},
     * {@code .2}, … on a /24 of their own; the test JVM is {@code .254}.
     */
    static NetworkHosts create(String... names) throws IOException, InterruptedException {
        String suffix = HexFormat.of().formatHex(RANDOM.generateSeed(2));
        NetworkHosts network = new NetworkHosts(suffix, "10.231." + (1 + RANDOM.nextInt(250)));
        Runtime.getRuntime().addShutdownHook(network.cleanupAtExit);
        try {
            network.build(names);
        } catch (IOException | RuntimeException | AssertionError e) {
            network.close();
            String why = "This machine cannot build the test's hosts with network namespaces (needs root and "
                    + "iproute2; `ip netns add` and veth pairs): " + e.getMessage();
            if (System.getenv("CI") != null) {
                throw new AssertionError(why, e);
            }
            Assumptions.abort(why);
        }
        return network;
    }

    private void build(String... names) throws IOException, InterruptedException {
        run("ip", "link", "add", bridge, "type", "bridge");
        run("ip", "addr", "add", subnet + ".254/24", "dev", bridge);
        run("ip", "link", "set", bridge, "up");
        int number = 1;
        for (String name : names) {
            Host host = new Host(name, "rg-" + name + "-" + suffix, subnet + "." + number++,
                    "rg" + suffix + name.charAt(0) + name.length());
            hosts.put(name, host);
            run("ip", "netns", "add", host.namespace());
            String inside = host.cable() + "p";
            run("ip", "link", "add", host.cable(), "type", "veth", "peer", "name", inside);
            run("ip", "link", "set", inside, "netns", host.namespace());
            run("ip", "link", "set", host.cable(), "master", bridge);
            run("ip", "link", "set", host.cable(), "up");
            run("ip", "netns", "exec", host.namespace(), "ip", "link", "set", "lo", "up");
            run("ip", "netns", "exec", host.namespace(), "ip", "link", "set", inside, "name", "eth0");
            run("ip", "netns", "exec", host.namespace(), "ip", "addr", "add", host.address() + "/24", "dev", "eth0");
            run("ip", "netns", "exec", host.namespace(), "ip", "link", "set", "eth0", "up");
        }
        // Each host answers from the test JVM before anything is started on it.
        for (Host host : hosts.values()) {
            requireReachable(host);
        }
    }

    /** A connection refused is an answer: nothing listens yet, but the host is there. */
    private static void requireReachable(Host host) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host.address(), 9), 5000);
        } catch (ConnectException refused) {
            return;
        } catch (SocketTimeoutException e) {
            throw new IOException("host " + host.name() + " (" + host.address() + ") does not answer", e);
        }
    }

    Host host(String name) {
        Host host = hosts.get(name);
        if (host == null) {
            throw new IllegalArgumentException("no host " + name);
        }
        return host;
    }

    /** The test machine's own address on the hosts' network: a server started here listens there for them. */
    String gateway() {
        return subnet + ".254";
    }

    /** The hosts' network, as a CIDR range. */
    String network() {
        return subnet + ".0/24";
    }

    /** Pulls out the host's cable: nothing reaches it or leaves it, nothing is reset. */
    void cut(String name) throws IOException, InterruptedException {
        run("ip", "link", "set", host(name).cable(), "down");
    }

    void restore(String name) throws IOException, InterruptedException {
        run("ip", "link", "set", host(name).cable(), "up");
    }

    /** Limits what leaves the host to {@code mbit} megabits per second (tc's token bucket), as a slower network. */
    void limit(String name, int mbit) throws IOException, InterruptedException {
        run("ip", "netns", "exec", host(name).namespace(), "tc", "qdisc", "add", "dev", "eth0", "root", "tbf", "rate",
                mbit + "mbit", "burst", "256kb", "latency", "400ms");
    }

    @Override
    public void close() {
        removeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    /** Deleting a namespace deletes its end of each cable, and the other end with it. */
    private synchronized void removeQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        for (Host host : hosts.values()) {
            runQuietly("ip", "netns", "del", host.namespace());
            runQuietly("ip", "link", "del", host.cable());
        }
        runQuietly("ip", "link", "del", bridge);
    }

    private static void runQuietly(String... command) {
        try {
            run(command);
        } catch (IOException | InterruptedException | AssertionError ignored) {
            // already gone
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": no answer within 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
    }

    List<Host> hosts() {
        return new ArrayList<>(hosts.values());
    }
}
