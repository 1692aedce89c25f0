#!/opt/torch2/bin/python
"""Golden TensorBoard event files for EventFilesTest, written and read back by TensorBoard's own Python code.

    /opt/torch2/bin/python tools/tensorboard/make_golden_events.py src/test/resources/tensorboard
        writes OUT/python-written/events.out.tfevents.* with TensorBoard's EventFileWriter (scalars as
        simple_value, a text summary, the HParams plugin's experiment / session start / session end records, built
        with TensorBoard's protos and its hparams metadata helpers) and OUT/python-written.json: every event as
        TensorBoard's EventAccumulator loads it, so the Java reader and writer are checked without Python in CI.

    /opt/torch2/bin/python tools/tensorboard/make_golden_events.py --check RESULTS_DIR
        loads every folder below RESULTS_DIR that holds an event file with EventAccumulator and prints its tags,
        point counts, step ranges and last values; exits 1 when a scalar's steps are not strictly increasing (a
        resumed run that repeated steps) or an HParams record does not parse.

Needs only the `tensorboard` pip package (no TensorFlow).
"""
import json
import os
import sys

from tensorboard.backend.event_processing import event_accumulator
from tensorboard.compat.proto import event_pb2, summary_pb2
from tensorboard.plugins.hparams import api_pb2, metadata as hp_metadata, plugin_data_pb2
from tensorboard.plugins.text import metadata as text_metadata
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.util import tensor_util
from google.protobuf import json_format, struct_pb2

T0 = 1765000000.0  # fixed wall times, so the Java test can re-encode each event byte for byte


def scalar_summary(values):
    return summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag=t, simple_value=v) for t, v in values])


def text_summary(tag, text):
    md = text_metadata.create_summary_metadata(display_name=None, description=None)
    return summary_pb2.Summary(value=[summary_pb2.Summary.Value(
        tag=tag, metadata=md, tensor=tensor_util.make_tensor_proto(text))])


def hparams_summary(tag, data):
    return summary_pb2.Summary(value=[summary_pb2.Summary.Value(
        tag=tag, metadata=hp_metadata.create_summary_metadata(data), tensor=hp_metadata.NULL_TENSOR)])


def write_golden(out):
    logdir = os.path.join(out, "python-written")
    os.makedirs(logdir, exist_ok=True)
    for f in os.listdir(logdir):
        os.remove(os.path.join(logdir, f))
    w = EventFileWriter(logdir)
    events = []

    def add(step, summary, wall):
        events.append(event_pb2.Event(wall_time=wall, step=step, summary=summary))
        w.add_event(events[-1])

    experiment = api_pb2.Experiment(time_created_secs=T0, hparam_infos=[
        api_pb2.HParamInfo(name="train.lr", type=api_pb2.DATA_TYPE_FLOAT64,
                           domain_discrete=struct_pb2.ListValue(values=[
                               struct_pb2.Value(number_value=2e-5), struct_pb2.Value(number_value=3e-5)])),
        api_pb2.HParamInfo(name="model.init", type=api_pb2.DATA_TYPE_STRING,
                           domain_discrete=struct_pb2.ListValue(values=[
                               struct_pb2.Value(string_value="tiny-demo")])),
    ], metric_infos=[api_pb2.MetricInfo(name=api_pb2.MetricName(tag="dev/accuracy"))])
    add(0, hparams_summary(hp_metadata.EXPERIMENT_TAG, plugin_data_pb2.HParamsPluginData(experiment=experiment)), T0)
    start = plugin_data_pb2.SessionStartInfo(group_name="candidate-1", start_time_secs=T0 + 1)
    start.hparams["train.lr"].number_value = 2e-5
    add(0, hparams_summary(hp_metadata.SESSION_START_INFO_TAG,
                           plugin_data_pb2.HParamsPluginData(session_start_info=start)), T0 + 1)
    add(0, text_summary("config", "| key | value |\n|---|---|\n| train.lr | 2e-05 |\nünïcödé"), T0 + 1.5)
    for step in range(1, 4):
        add(step, scalar_summary([("train/loss", 1.0 / step), ("train/learning_rate", 2e-5 * step / 3)]),
            T0 + 2 + step)
    add(3, scalar_summary([("dev/accuracy", 0.625)]), T0 + 6.25)
    end = plugin_data_pb2.SessionEndInfo(status=api_pb2.STATUS_SUCCESS, end_time_secs=T0 + 7)
    add(3, hparams_summary(hp_metadata.SESSION_END_INFO_TAG, plugin_data_pb2.HParamsPluginData(session_end_info=end)),
        T0 + 7)
    w.close()

    acc = load(logdir)
    scalars = [{"tag": t, "step": e.step, "wall_time": e.wall_time, "value": e.value}
               for t in sorted(acc.Tags()["scalars"]) for e in acc.Scalars(t)]
    texts = [{"tag": t, "step": e.step, "text": tensor_util.make_ndarray(e.tensor_proto).item().decode("utf-8")}
             for t in sorted(acc.Tags()["tensors"]) if t == "config" for e in acc.Tensors(t)]
    hparams = {tag: json_format.MessageToDict(plugin_data_pb2.HParamsPluginData.FromString(content),
                                              preserving_proto_field_name=True)
               for tag, content in sorted(acc.PluginTagToContent("hparams").items())}
    golden = {"note": "written and read back by tools/tensorboard/make_golden_events.py with tensorboard "
                      + __import__("tensorboard").__version__,
              "file": os.path.basename(w.get_logdir() and sorted(os.listdir(logdir))[0]),
              "events": [{"step": e.step, "wall_time": e.wall_time} for e in events],
              "scalars": scalars, "texts": texts, "hparams": hparams}
    with open(os.path.join(out, "python-written.json"), "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote", logdir, "and python-written.json:", len(scalars), "scalar points,", len(hparams), "hparams records")


def load(logdir):
    acc = event_accumulator.EventAccumulator(logdir, size_guidance={
        event_accumulator.SCALARS: 0, event_accumulator.TENSORS: 0})
    acc.Reload()
    return acc


def check(results):
    bad = 0
    folders = sorted({root for root, _, files in os.walk(results)
                      if any(f.startswith("events.out.tfevents.") for f in files)})
    for d in folders:
        acc = load(d)
        tags = acc.Tags()
        line = [os.path.relpath(d, results) + ":"]
        for t in sorted(tags["scalars"]):
            pts = acc.Scalars(t)
            steps = [p.step for p in pts]
            if any(b <= a for a, b in zip(steps, steps[1:])):
                print("  REPEATED OR UNORDERED STEPS in", t, steps)
                bad += 1
            line.append("%s n=%d steps %d..%d last=%.6g" % (t, len(pts), steps[0], steps[-1], pts[-1].value))
        texts = [t for t in tags["tensors"] if not t.startswith("_hparams_")]
        if texts:
            line.append("texts=" + ",".join(sorted(texts)))
        try:
            hparams = acc.PluginTagToContent("hparams")
        except KeyError:  # no HParams records in this folder
            hparams = {}
        for tag, content in sorted(hparams.items()):
            try:
                data = plugin_data_pb2.HParamsPluginData.FromString(content)
                line.append("hparams %s=%s" % (tag.split("/")[-1], json.dumps(
                    json_format.MessageToDict(data, preserving_proto_field_name=True), sort_keys=True)))
            except Exception as e:  # noqa: BLE001 - report any parse failure
                print("  HPARAMS RECORD DOES NOT PARSE", tag, e)
                bad += 1
        print("\n  ".join(line))
    print(len(folders), "folders with event files,", bad, "problems")
    return 1 if bad or not folders else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2]))
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    write_golden(sys.argv[1])
