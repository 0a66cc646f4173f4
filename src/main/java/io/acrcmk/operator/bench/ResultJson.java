package io.acrcmk.operator.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * Writes benchmark results as JSON, with durations in seconds and sizes in bytes, for tools that
 * compare runs.
 */
final class ResultJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResultJson() {}

  static ArrayNode cycles(List<BenchResult> results) {
    ArrayNode array = NODES.arrayNode();
    for (BenchResult r : results) {
      ObjectNode row = array.addObject();
      row.put("mode", r.mode());
      row.put("policies", r.policies());
      row.put("groups", r.groups());
      row.put("threads", r.concurrency());
      row.put("wallSeconds", seconds(r.cycle().wall()));
      row.put("floorSeconds", seconds(r.floor()));
      row.put("cycleTargetMet", Targets.cycleMet(r.cycle().wall(), r.floor()));
      row.put("armReads", r.armReads());
      row.put("readsPerPolicy", r.readsPerPolicy());
      row.put("throttled", r.throttled());
      row.put("maxLoadSeconds", seconds(r.cycle().maxLoad()));
      row.put("healthy", r.cycle().healthy());
      row.put("heapBeforeBytes", r.heapBeforeBytes());
      row.put("peakHeapBytes", r.peakHeapBytes());
      row.put("cpuSeconds", seconds(r.cpuTime()));
    }
    return array;
  }

  static ArrayNode operator(List<OperatorResult> results) {
    ArrayNode array = NODES.arrayNode();
    for (OperatorResult r : results) {
      ObjectNode row = array.addObject();
      row.put("policies", r.policies());
      row.put("groups", r.groups());
      row.put("threads", r.concurrency());
      row.put("checkIntervalSeconds", seconds(r.checkInterval()));
      row.put("startCallSeconds", seconds(r.startCall()));
      row.put("firstStatusSeconds", seconds(r.firstStatus()));
      row.put("cycleSeconds", seconds(r.cycle()));
      row.put("floorSeconds", seconds(r.floor()));
      row.put("cycleTargetMet", Targets.cycleMet(r.cycle(), r.floor()));
      row.put("armReads", r.armReads());
      row.put("readsPerPolicy", r.readsPerPolicy());
      if (Targets.readsApply(r.policies(), r.groups())) {
        row.put("readsTargetMet", Targets.readsMet(r.readsPerPolicy()));
      }
      row.put("throttled", r.throttled());
      row.put("readyUnknownStatuses", r.unknownStatuses());
      row.put("healthy", r.healthy());
      row.put("cpuSeconds", seconds(r.cpuTime()));
      row.set("memory", memory(r));
      row.set("detection", detection(r));
    }
    return array;
  }

  private static ObjectNode memory(OperatorResult r) {
    OperatorResult.Memory m = r.memory();
    ObjectNode memory = NODES.objectNode();
    memory.put("simulatorLiveBytes", m.simulatorLive());
    memory.put("apiServerLiveBytes", m.apiServerLive());
    memory.put("operatorLiveBytes", m.operatorLive());
    if (Targets.heapApplies(r.policies())) {
      memory.put("operatorHeapTargetMet", Targets.heapMet(m.operatorLive()));
    }
    memory.put("totalLiveBytes", m.totalLive());
    memory.put("peakHeapBytes", m.peakHeap());
    memory.put("peakResidentBytes", m.peakResident());
    return memory;
  }

  private static ObjectNode detection(OperatorResult r) {
    OperatorResult.Detection d = r.detection();
    ObjectNode detection = NODES.objectNode();
    detection.put("faults", d.injected());
    detection.put("detected", d.detected());
    detection.put("p50Seconds", seconds(d.p50()));
    detection.put("p99Seconds", seconds(d.p99()));
    detection.put("maxSeconds", seconds(d.max()));
    detection.put("limitSeconds", seconds(Targets.detectionLimit(r.checkInterval())));
    return detection;
  }

  static ObjectNode startup(StartupProbe.Result r) {
    ObjectNode startup = NODES.objectNode();
    startup.put("policies", r.policies());
    startup.put("jvmToMainSeconds", seconds(r.jvmToMain()));
    startup.put("buildOperatorSeconds", seconds(r.create()));
    startup.put("startToFirstStatusSeconds", seconds(r.startToFirstStatus()));
    startup.put("jvmToFirstStatusSeconds", seconds(r.jvmToFirstStatus()));
    startup.put("startToAllStatusesSeconds", seconds(r.startToAllStatuses()));
    startup.put("fixturesSeconds", seconds(r.fixtures()));
    return startup;
  }

  private static Double seconds(Duration duration) {
    return duration == null ? null : duration.toMillis() / 1000.0;
  }
}
