package dev.clip2scene.model.infer.cuda;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which device buffer holds each stored tensor of a program: a tensor's buffer is free for another once its last
 * reader has run, so a network needs buffers for the tensors alive at once, not for all of them. A tensor never shares
 * a buffer with a tensor read by the operation writing it. Buffers hold capacity rows; a slot's width is the widest
 * tensor it serves. The head's output has a buffer of its own (features or logits), not a slot.
 */
final class ActivationSlots {
  private final Map<Integer, Integer> slotOf = new HashMap<>();
  private final List<Integer> widths = new ArrayList<>();

  ActivationSlots(NetworkProgram program) {
    List<NetworkProgram.Op> ops = new ArrayList<>(program.body);
    ops.add(program.head);
    Map<Integer, Integer> lastRead = new HashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      for (NetworkProgram.Tensor t : ops.get(i).reads()) lastRead.put(t.id(), i);
    }
    List<Integer> free = new ArrayList<>();
    Map<Integer, NetworkProgram.Tensor> live = new HashMap<>();
    place(program.input, free, live);
    for (int i = 0; i < ops.size(); i++) {
      NetworkProgram.Op op = ops.get(i);
      if (op != program.head) place(op.out(), free, live);
      for (NetworkProgram.Tensor t : op.reads()) {
        if (lastRead.get(t.id()) == i && live.remove(t.id()) != null) free.add(slotOf.get(t.id()));
      }
    }
  }

  /** Gives T the narrowest free slot wide enough, else widens the widest free one, else a new slot. */
  private void place(NetworkProgram.Tensor t, List<Integer> free, Map<Integer, NetworkProgram.Tensor> live) {
    int need = t.paddedWidth();
    int best = -1;
    for (int i = 0; i < free.size(); i++) {
      int w = widths.get(free.get(i));
      if (w >= need && (best < 0 || w < widths.get(free.get(best)))) best = i;
    }
    if (best < 0) {
      for (int i = 0; i < free.size(); i++) {
        if (best < 0 || widths.get(free.get(i)) > widths.get(free.get(best))) best = i;
      }
    }
    int slot;
    if (best >= 0) {
      slot = free.remove(best);
      widths.set(slot, Math.max(widths.get(slot), need));
    } else {
      slot = widths.size();
      widths.add(need);
    }
    slotOf.put(t.id(), slot);
    live.put(t.id(), t);
  }

  /** The slot of a stored tensor. */
  int slot(NetworkProgram.Tensor t) {
    Integer s = slotOf.get(t.id());
    if (s == null) throw new IllegalArgumentException("tensor " + t.id() + " has no slot");
    return s;
  }

  int count() {
    return widths.size();
  }

  /** Channels (padded) of each slot's rows. */
  int width(int slot) {
    return widths.get(slot);
  }
}
