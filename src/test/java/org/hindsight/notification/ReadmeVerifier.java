package org.hindsight.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The signature checks README.md gives receivers, taken from it as they are written: the Java class is compiled
 * and called, the Python function run with python3 where it
 * is installed. A README whose code no longer verifies
 * Hindsight's messages fails the tests.
 */
final class ReadmeVerifier {

    private final Method verify;

    private ReadmeVerifier(Method verify) {
        this.verify = verify;
    }

    /** Compiles the README's {@code HindsightSignature} class. */
    static ReadmeVerifier compile() throws Exception {
        String source = block("```java", "public final class HindsightSignature");
        Path dir = Files.createTempDirectory("readme-signature");
        Path file = dir.resolve("HindsightSignature.java");
        Files.writeString(file, source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("a JDK's compiler").isNotNull();
        assertThat(compiler.run(null, null, null, "-d", dir.toString(), file.toString())).as("the README's Java compiles")
                .isZero();
        URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ReadmeVerifier.class.getClassLoader());
        Class<?> type = loader.loadClass("HindsightSignature");
        return new ReadmeVerifier(type.getMethod("verify", String.class, String.class, byte[].class, String.class,
                long.class));
    }

    boolean verify(String secret, String timestamp, byte[] body, String signature, long now) throws Exception {
        return (Boolean) verify.invoke(null, secret, timestamp, body, signature, now);
    }

    /** Runs the README's Python {@code verify} on these values and checks its answer (skipped without python3). */
    static void python(String secret, String timestamp, byte[] body, String signature, boolean expected)
            throws Exception {
        String function = block("```python", "def verify(");
        Path dir = Files.createTempDirectory("readme-signature-py");
        Files.write(dir.resolve("body.bin"), body);
        Files.writeString(dir.resolve("check.py"), function + "\nimport sys\nbody = open(sys.argv[1], 'rb').read()\n"
                + "print(verify(sys.argv[2], sys.argv[3], body, sys.argv[4]))\n");
        Process process;
        try {
            process = new ProcessBuilder("python3", dir.resolve("check.py").toString(),
                    dir.resolve("body.bin").toString(), secret, timestamp, signature).redirectErrorStream(true).start();
        } catch (IOException e) {
            return; // no python3 here: the Java check stands alone
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(output).as("the README's Python").isEqualTo(expected ? "True" : "False");
    }

    /** The first fenced block opening with {@code fence} whose text contains {@code marker}. */
    private static String block(String fence, String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        StringBuilder block = null;
        for (String line : lines) {
            if (block == null) {
                if (line.strip().equals(fence)) {
                    block = new StringBuilder();
                }
            } else if (line.strip().equals("```")) {
                if (block.toString().contains(marker)) {
                    return block.toString();
                }
                block = null;
            } else {
                block.append(line).append('\n');
            }
        }
        throw new AssertionError("README.md has no " + fence + " block with " + marker);
    }
}
