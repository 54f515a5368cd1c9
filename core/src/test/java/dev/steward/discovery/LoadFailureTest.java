package dev.steward.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadFailureTest {
  @Test
  void describesACauseWithoutAMessageAsSuch() {
    LoadFailure failure = new LoadFailure("probe", "com.acme.Probe", "acme.jar", new IllegalStateException());

    assertThat(failure.describe()).isEqualTo("com.acme.Probe (acme.jar) failed to load: IllegalStateException (no message)");
  }

  @Test
  void describesAWrapperByWhatItWraps() {
    LoadFailure failure = new LoadFailure("probe", "com.acme.Probe", "acme.jar",
        new ExceptionInInitializerError(new IllegalStateException("no licence file")));

    assertThat(failure.describe())
        .isEqualTo("com.acme.Probe (acme.jar) failed to load: ExceptionInInitializerError caused by IllegalStateException: no licence file");
  }
}
