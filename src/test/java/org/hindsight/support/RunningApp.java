package org.hindsight.support;

import java.net.URI;

import org.hindsight.HindsightApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One more instance of the whole application, with its embedded server on a free port of 127.0.0.1, on the test
 * database (the test profile's in-memory H2, shared by every context in this JVM, or the PostgreSQL database the run
 * was given): what a second instance behind a load balancer is.
 */
public final class RunningApp implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningApp(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance; {@code name} tells its log lines apart. */
    public static RunningApp start(String name, Class<?>... extraConfiguration) {
        Class<?>[] sources = new Class<?>[extraConfiguration.length + 2];
        sources[0] = TestDatabaseConfig.class;
        sources[1] = TestUsers.class;
        System.arraycopy(extraConfiguration, 0, sources, 2, extraConfiguration.length);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(HindsightApplication.class)
                .sources(sources)
                .profiles("test")
                .registerShutdownHook(false)
                // arguments, so that they win over application.properties (PORT's default 8080)
                .run("--server.port=0", "--server.address=127.0.0.1", "--spring.jmx.enabled=false",
                        "--spring.application.name=hindsight-" + name);
        return new RunningApp(context);
    }

    private static RunningApp other;

    /**
     * Another instance for tests that only need one besides their own test context: started on first use, shared by
     * the test classes of this JVM, closed when it exits.
     */
    public static synchronized RunningApp other() {
        if (other == null) {
            RunningApp started = start("other");
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "close-other-instance"));
            other = started;
        }
        return other;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
