package io.github.vedirect.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** A TCP serial bridge (ser2net, ESP-Link and the like) that passes the device's bytes through raw. */
public final class TcpSource implements ByteSource {

    private final String host;
    private final int port;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private volatile Socket socket;
    private InputStream in;

    public TcpSource(String host, int port, int connectTimeoutMillis, int readTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** Parses {@code host:port} (an IPv6 host in brackets: {@code [::1]:2000}). */
    public static TcpSource parse(String hostAndPort, int connectTimeoutMillis, int readTimeoutMillis) {
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon > 0 ? hostAndPort.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostAndPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("a TCP source is tcp:HOST:PORT, not tcp:" + hostAndPort);
        }
        return new TcpSource(host, port, connectTimeoutMillis, readTimeoutMillis);
    }

    @Override
    public void open() throws IOException {
        Socket candidate = new Socket();
        try {
            candidate.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            candidate.setSoTimeout(readTimeoutMillis);
            in = candidate.getInputStream();
            socket = candidate;
        } catch (UnknownHostException e) {
            candidate.close();
            throw new IOException("unknown host " + host);
        } catch (ConnectException e) {
            candidate.close();
            throw new IOException("connection refused");
        } catch (SocketTimeoutException e) {
            candidate.close();
            throw new IOException("no answer within " + connectTimeoutMillis + " ms");
        } catch (IOException e) {
            candidate.close();
            throw new IOException(e.getMessage());
        }
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        try {
            return in.read(buffer);
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        Socket current = socket;
        if (current == null) {
            throw new IOException("the connection is closed");
        }
        // A serial bridge (ser2net, ESP-Link) passes what it receives on to the device's RX line.
        current.getOutputStream().write(bytes);
        current.getOutputStream().flush();
    }

    @Override
    public void close() {
        Socket current = socket;
        socket = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // Closing is best effort: the link is being abandoned either way.
            }
        }
    }

    @Override
    public String description() {
        return "tcp:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
