package dev.stevedore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a user runs it: the built jar ({@code app/target/stevedore.jar}, what {@code ./stevedore} runs),
 * driven through its scripted shell on the real Docker Engine, doing every lecture operation of DESIGN.md §2.
 */
class ShellLectureIT {
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
        sh("docker ps -aq --filter label=" + LABEL + " | xargs -r docker rm -f");
        sh("docker rmi -f lecture-" + RUN + "/kept:v2 || true");
    }

    @Test
    void lecture_scriptedSession_everyOperationBehavesAsTheLectureSays() throws Exception {
        String box = "mycentos-" + RUN;
        String renamed = "mybox-" + RUN;
        String three = "three-" + RUN;
        String work = "work-" + RUN;
        String script = String.join("\n",
                "docker create -it --label " + LABEL + " --name " + box + " " + IMAGE,
                "ps -a",
                "start " + box,
                "ps",
                "rename " + box + " " + renamed,
                "ps",
                "rm " + renamed,
                "ps",
                "stop -t 1 " + renamed,
                "rm " + renamed,
                "n",
                "ps -a",
                "rm " + renamed,
                "y",
                "ps -a",
                "run -d --label " + LABEL + " --name " + three + " " + IMAGE + " sh -c \"echo bye; exit 3\"",
                "logs " + three,
                "run --label " + LABEL + " --name " + work + " " + IMAGE + " sh -c \"echo kept > /kept.txt; echo done\"",
                "commit " + work + " lecture-" + RUN + "/kept:v2",
                "images",
                "pull 127.0.0.1:5000/stevedore-test/busybox:latest",
                "version",
                "ps -a",
                "");
        Result r = runJar(script, Map.of());
        String out = r.stdout;

        assertThat(r.exit).as(out + r.stderr).isZero();
        assertThat(out).doesNotContain("Exception").doesNotContain("\tat ");
        // create: created, not started
        assertThat(section(out, "created " + box)).isNotEmpty();
        assertThat(lineWith(out, box, 0)).contains("Created");
        // start, then ps shows it Up
        assertThat(out).contains(box + " started");
        assertThat(lineWith(out, box, 1)).contains("Up ");
        // rename
        assertThat(out).contains("renamed " + box + " to " + renamed);
        assertThat(lineWith(out, renamed, 0)).contains("Up ");
        // rm of a running container is refused, and it still exists
        assertThat(out).contains(renamed + " is running — stop it first or use rm -f");
        assertThat(lineWith(out, renamed, 1)).contains("Up ");
        // rm answered n leaves it, y removes it
        assertThat(out).contains("cancelled by");
        assertThat(lineWith(out, renamed, 3)).contains("Exited");
        assertThat(out).contains(renamed + " removed by");
        // run -d exiting 3 shows Exited (3); its logs show what it printed
        assertThat(out).contains("bye");
        assertThat(lastLineWith(out, three)).contains("Exited (3)");
        // run in the foreground streams its output and reports the exit code
        assertThat(out).contains("done").contains(work + " exited with code 0");
        // commit makes an image listed by images
        assertThat(out).contains("committed " + work + " as lecture-" + RUN + "/kept:v2");
        assertThat(out).containsPattern("lecture-" + RUN + "/kept\\s+v2\\s+[0-9a-f]{12}");
        // pull from the local registry
        assertThat(out).containsPattern("(pulled|image is up to date:) 127\\.0\\.0\\.1:5000/stevedore-test/busybox:latest");
        assertThat(out).contains("Docker Engine").contains("Engine API");
        // the removed container is gone from the last ps -a
        assertThat(lastLineWith(out, renamed)).doesNotContain("Exited");
        // every action is in the audit log
        assertThat(Files.readString(workDir.resolve("stevedore-audit.jsonl"))).contains("\"input\":\"rm " + renamed + "\"")
                .contains("\"outcome\":\"error\"");
    }

    @Test
    void badInput_eachGetsOneClearLine_neverAStackTrace() throws Exception {
        String longName = "x".repeat(300);
        Result r = runJar(String.join("\n",
                "frobnicate", "ps --bogus", "run", "logs ghost-" + RUN, "logs wéb🐳", "logs " + longName,
                "rm -z x", "rename onlyone", "logs --tail x web", "start \"unclosed", ""), Map.of());
        String out = r.stdout;
        assertThat(r.exit).isZero();
        assertThat(out).contains("unknown command: frobnicate")
                .contains("unknown flag: --bogus")
                .contains("Usage: ps [-a]")
                .contains("\"run\" requires")
                .contains("no such container: ghost-" + RUN)
                .contains("no such container: \"wéb🐳\"")
                .contains("(300 characters)")
                .contains("unknown shorthand flag: 'z'")
                .contains("\"rename\" requires exactly 2 arguments")
                .contains("invalid value \"x\" for --tail")
                .contains("unclosed double quote");
        assertThat(out).doesNotContain(longName).doesNotContain("Exception").doesNotContain("\tat ");
        for (String line : out.split("\n")) {
            assertThat(line.length()).as(line).isLessThan(200);
        }
    }

    @Test
    void unreachableEngine_oneLineNamingHostAndCause_exit1() throws Exception {
        Result missing = runJar("ps\n", Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"));
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.stderr.strip()).isEqualTo("stevedore: cannot reach the Docker Engine at "
                + "unix:///nonexistent/docker.sock: socket not found (is the engine running?)");
        Result refused = runJar("ps\n", Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"));
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.stderr).contains("tcp://127.0.0.1:1").contains("connection refused")
                .doesNotContain("Exception");
    }

    @Test
    void invalidConfig_listsEveryProblemWithKeyPath_exit2() throws Exception {
        Path cfg = workDir.resolve("bad.yml");
        Files.writeString(cfg, "dockr: {}\nconfirm: { ttl: 2x }\naccess:\n  bindings:\n    - role: nobody\n");
        Result r = runJar("", Map.of(), "--config", cfg.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.stderr).contains("unknown key 'dockr' (did you mean 'docker'?)")
                .contains("confirm.ttl")
                .contains("access.bindings[0].role")
                .doesNotContain("Exception");
    }

    // ----- helpers -----

    private static Path jar() {
        return Path.of("target", "stevedore.jar").toAbsolutePath();
    }

    private record Result(int exit, String stdout, String stderr) {}

    private static Result runJar(String stdin, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("STEVEDORE_LOG", workDir.resolve("stevedore.log").toString());
        pb.environment().remove("STEVEDORE_CONFIG");
        pb.environment().putAll(env);
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

    /** The n-th (0-based) output line mentioning {@code needle}. */
    private static String lineWith(String out, String needle, int n) {
        return out.lines().filter(l -> l.contains(needle) && l.matches("^[0-9a-f]{12} .*")).skip(n).findFirst()
                .orElse("");
    }

    private static String lastLineWith(String out, String needle) {
        List<String> ls = out.lines().filter(l -> l.contains(needle) && l.matches("^[0-9a-f]{12} .*")).toList();
        return ls.isEmpty() ? "" : ls.get(ls.size() - 1);
    }

    private static String section(String out, String needle) {
        return out.lines().filter(l -> l.contains(needle)).findFirst().orElse("");
    }

    private static void sh(String command) throws IOException, InterruptedException {
        new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
    }
}
