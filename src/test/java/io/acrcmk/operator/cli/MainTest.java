package io.acrcmk.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Checks that the command line offers check and discover, without signing in to Azure. */
class MainTest {

  @Test
  void helpListsCheckAndDiscover() {
    StringWriter out = new StringWriter();
    CommandLine line = Main.commandLine();
    line.setOut(new PrintWriter(out));

    int exit = line.execute("--help");

    assertThat(exit).isEqualTo(0);
    assertThat(out.toString()).contains("check", "discover", "demo", "run");
  }

  @Test
  void checkHelpStatesTheExitCodes() {
    StringWriter out = new StringWriter();
    CommandLine line = Main.commandLine();
    line.setOut(new PrintWriter(out));

    int exit = line.execute("check", "--help");

    assertThat(exit).isEqualTo(0);
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("Exit codes: 0 every policy is Ready; 1 a policy is not Ready")
        .contains("--offline=DIR")
        .contains("--fail-on");
  }

  @Test
  void unknownOutputFormatIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine line = Main.commandLine();
    line.setErr(new PrintWriter(err));

    int exit = line.execute("discover", "--subscription", "x", "-o", "xml");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("xml");
  }
}
