package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SsdPriorsJobTest {
  @Test
  void printsTheSsd300BoxesAsCsv() {
    JobTesting.Result r = JobTesting.cli("ssd-priors", "--config", "ssd300", "--format", "csv");
    assertThat(r.status()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(1 + 8732);
    assertThat(lines.get(0)).isEqualTo("index,cx,cy,w,h");
    String[] first = lines.get(1).split(",");
    assertThat(Double.parseDouble(first[1])).isEqualTo(0.5 / 38);
    assertThat(Double.parseDouble(first[3])).isEqualTo(0.2);
  }

  @Test
  void anUnknownConfigIsAUserError() {
    JobTesting.Result r = JobTesting.cli("ssd-priors", "--config", "ssd1000");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .contains("error: invalid --config ssd1000")
        .contains("fix: pass ssd300 or ssd512");
  }
}
