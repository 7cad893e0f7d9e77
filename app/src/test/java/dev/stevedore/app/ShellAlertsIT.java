package dev.stevedore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit alerts in the product as a user runs it: the built jar with a {@code notifications} route to {@code shell},
 * driven through its scripted shell on the real engine; alerts are printed among the replies.
 */
class ShellAlertsIT {
    private static final String IMAGE = "stevedore-test/busybox:latest";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String LABEL = "stevedore.test=" + RUN;

    @TempDir
    static Path workDir;

    @BeforeAll
    static void jarExists() {
        assertThat(jar()).as("run `./mvnw verify` (package builds the jar)").exists();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        new ProcessBuilder("sh", "-c", "docker ps -aq --filter label=" + LABEL + " | xargs -r docker rm -f")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor(60, TimeUnit.SECONDS);
    }

    private static Path jar() {
        return Path.of("target", "stevedore.jar").toAbsolutePath();
    }

    @Test
    void shellRoute_exitAndStopThroughTheBot_arePrintedOnceEach_amongTheReplies() throws Exception {
        Path config = workDir.resolve("stevedore.yml");
        Files.writeString(config, String.join("\n",
                "notifications:",
                "  routes:",
                "    - match: { labels: { stevedore.test: \"" + RUN + "\" } }",
                "      to: [shell]",
                ""), StandardCharsets.UTF_8);
        String crash = "crash-" + RUN;
        String svc = "svc-" + RUN;
        String pause = "run --rm --label " + LABEL + "-other " + IMAGE + " sh -c \"sleep 2\"";
        String script = String.join("\n",
                "run -d --label " + LABEL + " --name " + crash + " " + IMAGE
                        + " sh -c \"echo fatal: no config >&2; exit 3\"",
                pause,
                "run -d --label " + LABEL + " --name " + svc + " " + IMAGE
                        + " sh -c 'trap \"exit 0\" TERM; while true; do sleep 0.2; done'",
                "stop " + svc,
                pause,
                "notifications",
                "");

        Result r = runJar(script, "--config", config.toString());

        String out = r.stdout;
        String user = System.getProperty("user.name");
        assertThat(r.exit).as(out + r.stderr).isZero();
        assertThat(out).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.lines().filter(l -> l.startsWith("[alert] Error: " + crash + " exited with error 3")))
                .hasSize(1);
        assertThat(out).contains("fatal: no config", "(type: restart ");
        assertThat(out.lines().filter(l -> l.startsWith("[alert] " + svc + " stopped by " + user
                + " in the shell: exited normally"))).hasSize(1);
        assertThat(out).contains("label stevedore.test=" + RUN);
    }

    private record Result(int exit, String stdout, String stderr) {}

    private static Result runJar(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("STEVEDORE_LOG", workDir.resolve("stevedore.log").toString());
        pb.environment().remove("STEVEDORE_CONFIG");
        Path outFile = Files.createTempFile(workDir, "out", ".txt");
        Path errFile = Files.createTempFile(workDir, "err", ".txt");
        pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("stevedore did not finish in 120 s; output so far:\n" + Files.readString(outFile));
        }
        return new Result(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
    }
}
