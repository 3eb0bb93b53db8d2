package dev.clip2scene.nodes.demo;

import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A count of finished items that draws a progress bar (rate, ETA) on stderr when given a task name. */
final class Progress implements IntConsumer, AutoCloseable {
  private final ProgressBar bar;

  Progress(String task, int max) {
    this.bar = task == null ? null : new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII).showSpeed().build();
  }

  /** Items 0..I are done (I + 1 in all). */
  @Override
  public void accept(int i) {
    if (bar != null) bar.stepTo(i + 1);
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}
