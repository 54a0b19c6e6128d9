package io.tal4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relaunch decision, the child's command line and the stderr filter. */
final class VectorLauncherTest {
  @Test
  void command_javaThenJvmArgsThenModuleThenClassPathMainAndArgs() {
    List<String> c = VectorLauncher.command("/jdk/bin/java", List.of("-Xmx2g", "-Dx=1"), "cli/target/tal4j.jar",
        "io.tal4j.cli.Main", new String[] {"loss", "--config", "a b.json", "--json"});
    assertEquals(List.of("/jdk/bin/java", "-Xmx2g", "-Dx=1", "-XX:-TieredCompilation", "--add-modules",
        "jdk.incubator.vector",
        "-Dtal4j.relaunched=true", "-cp", "cli/target/tal4j.jar", "io.tal4j.cli.Main",
        "loss", "--config", "a b.json", "--json"), c);
  }

  @Test
  void shouldRelaunch_onlyWhenModuleMissingButInstalled_andNotOptedOut() {
    List<String> none = List.of();
    assertTrue(VectorLauncher.shouldRelaunch(false, true, null, null, null, none));
    assertFalse(VectorLauncher.shouldRelaunch(true, true, null, null, null, none), "already readable");
    assertFalse(VectorLauncher.shouldRelaunch(false, false, null, null, null, none), "not in this runtime");
    assertFalse(VectorLauncher.shouldRelaunch(false, true, "1", null, null, none), "env opt-out");
    assertFalse(VectorLauncher.shouldRelaunch(false, true, null, "true", null, none), "property opt-out");
    assertTrue(VectorLauncher.shouldRelaunch(false, true, "false", "0", null, none), "opt-out set to false");
    assertFalse(VectorLauncher.shouldRelaunch(false, true, null, null, "true", none), "already relaunched");
    assertFalse(VectorLauncher.shouldRelaunch(false, true, null, null, null,
        List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005")), "debugger attached");
  }

  @Test
  void copyWithoutWarning_dropsOnlyALeadingWarningLine() throws IOException {
    String warning = "WARNING: Using incubator modules: jdk.incubator.vector\n";
    assertEquals("tal4j loss: x: no such file\n", filter(warning + "tal4j loss: x: no such file\n"));
    assertEquals("", filter(warning));
    assertEquals("first\n" + warning, filter("first\n" + warning));
    assertEquals("no newline at all", filter("no newline at all"));
    assertEquals("", filter(""));
  }

  private static String filter(String in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VectorLauncher.copyWithoutWarning(new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void lossCommands_runOnC2Alone_unlessTheUserChose_djlCommandsKeepTiered() {
    for (String command : List.of("bench", "loss", "assign")) {
      assertTrue(VectorLauncher.command("java", List.of(), "x.jar", "M", new String[] {command})
          .contains("-XX:-TieredCompilation"), command);
    }
    for (String command : List.of("train", "val", "predict", "demo")) {
      assertFalse(VectorLauncher.command("java", List.of(), "x.jar", "M", new String[] {command})
          .contains("-XX:-TieredCompilation"), command);
    }
    List<String> own = VectorLauncher.command("java", List.of("-XX:+TieredCompilation"), "x.jar", "M",
        new String[] {"bench"});
    assertFalse(own.contains("-XX:-TieredCompilation"), own.toString());
  }

  @org.junit.jupiter.api.Test
  void bench_gets_a_heap_bound_unless_one_is_given() {
    java.util.List<String> bench = VectorLauncher.command("java", java.util.List.of(), "x.jar", "M",
        new String[] {"bench", "--workload", "coco16"});
    org.junit.jupiter.api.Assertions.assertTrue(bench.contains("-Xmx512m"), bench.toString());
    java.util.List<String> own = VectorLauncher.command("java", java.util.List.of("-Xmx2g"), "x.jar", "M",
        new String[] {"bench"});
    org.junit.jupiter.api.Assertions.assertFalse(own.contains("-Xmx512m"), own.toString());
    java.util.List<String> loss = VectorLauncher.command("java", java.util.List.of(), "x.jar", "M",
        new String[] {"loss"});
    org.junit.jupiter.api.Assertions.assertFalse(loss.contains("-Xmx512m"), loss.toString());
  }

  @Test
  void trainingEnvironment_djlCommandsGetMallocAndPassiveOpenMp_userValuesKept() {
    java.util.Map<String, String> env = new java.util.HashMap<>();
    env.put("OMP_WAIT_POLICY", "ACTIVE");
    VectorLauncher.trainingEnvironment(new String[] {"demo", "--out", "x"}, env);
    assertEquals("ACTIVE", env.get("OMP_WAIT_POLICY"), "the user's value stays");
    assertEquals("33554432", env.get("MALLOC_MMAP_THRESHOLD_"));
    assertEquals("17179869184", env.get("MALLOC_TRIM_THRESHOLD_"));
    assertEquals("268435456", env.get("MALLOC_TOP_PAD_"));

    java.util.Map<String, String> train = new java.util.HashMap<>();
    VectorLauncher.trainingEnvironment(new String[] {"train", "--data", "d.yaml"}, train);
    assertEquals("PASSIVE", train.get("OMP_WAIT_POLICY"));

    java.util.Map<String, String> loss = new java.util.HashMap<>();
    VectorLauncher.trainingEnvironment(new String[] {"loss", "--config", "c.json"}, loss);
    assertTrue(loss.isEmpty(), "not a DJL command: " + loss);
    VectorLauncher.trainingEnvironment(new String[0], loss);
    assertTrue(loss.isEmpty());
  }
}
