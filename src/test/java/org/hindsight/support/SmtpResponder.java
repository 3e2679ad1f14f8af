package org.hindsight.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal SMTP server on 127.0.0.1 for what GreenMail cannot do: refuse. It greets (220), answers EHLO/HELO,
 * and answers MAIL FROM with the reply a test sets ({@link #reply}), such as {@code 550 5.7.1 Refused} or
 * {@code 451 4.3.0 Try again later}; with {@code 250} it takes the message (RCPT, DATA) and counts it.
 */
public final class SmtpResponder implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger mailCommands = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile String mailFromReply;

    private SmtpResponder(ServerSocket server, String mailFromReply) {
        this.server = server;
        this.mailFromReply = mailFromReply;
        this.acceptor = new Thread(this::accept, "smtp-responder");
        this.acceptor.setDaemon(true);
    }

    /** Listens on {@code port} of 127.0.0.1, answering MAIL FROM with {@code mailFromReply}. */
    public static SmtpResponder start(int port, String mailFromReply) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            SmtpResponder responder = new SmtpResponder(socket, mailFromReply);
            responder.acceptor.start();
            return responder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on MAIL FROM is answered with this ({@code 250 OK} takes messages). */
    public void reply(String mailFromReply) {
        this.mailFromReply = mailFromReply;
    }

    /** How many MAIL FROM commands came (one per message the client tried to send). */
    public int mailCommands() {
        return mailCommands.get();
    }

    /** How many messages were taken (DATA ended and answered 250). */
    public int accepted() {
        return accepted.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread session = new Thread(() -> converse(client), "smtp-responder-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void converse(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = client.getOutputStream()) {
            client.setSoTimeout(10_000);
            send(out, "220 responder.test ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
                switch (command) {
                    case "EHLO", "HELO" -> send(out, "250 responder.test");
                    case "MAIL" -> {
                        mailCommands.incrementAndGet();
                        send(out, mailFromReply);
                    }
                    case "RCPT", "RSET", "NOOP" -> send(out, "250 OK");
                    case "DATA" -> {
                        send(out, "354 End data with <CR><LF>.<CR><LF>");
                        for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                            // the message itself is not kept
                        }
                        accepted.incrementAndGet();
                        send(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        send(out, "221 Bye");
                        return;
                    }
                    default -> send(out, "502 Command not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
