/*
 * An independent ROS 2 peer on Cyclone DDS for the interop tests. It publishes a PointCloud2 on rt/points
 * (best effort, keep last 5) every 100 ms and one TFMessage on rt/tf_static (reliable, transient local), and
 * waits for a PointCloud2 on rt/points_semantic (reliable, keep last 10) carrying the input's header. It checks
 * header, point count, the expected fields and that x, y, z of every point came through, then exits 0 (ok),
 * 1 (check failed) or 2 (nothing arrived before the timeout, or bad usage). Everything is printed on stdout.
 *
 * usage: interop_peer DOMAIN_ID TIMEOUT_S POINTS FIELDS   (FIELDS: name:offset:datatype,... of the reply)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dds/dds.h"
#include "ros_types.h"

#define STAMP_SEC 1700000000
#define STAMP_NSEC 123456789u
#define FRAME "velodyne"
#define MAX_FIELDS 32

typedef struct { char name[64]; uint32_t offset; uint8_t datatype; } expected_field;

static int parse_fields(const char *spec, expected_field *out) {
  int n = 0;
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", spec);
  for (char *tok = strtok(buf, ","); tok && n < MAX_FIELDS; tok = strtok(NULL, ",")) {
    unsigned off, dt;
    if (sscanf(tok, "%63[^:]:%u:%u", out[n].name, &off, &dt) != 3) return -1;
    out[n].offset = off;
    out[n].datatype = (uint8_t) dt;
    n++;
  }
  return n;
}

static float point_coord(uint32_t i, int axis) { return (float) i * 0.25f + (float) axis * 1000.0f - 50.0f; }

static void fill_cloud(sensor_msgs_msg_dds__PointCloud2_ *c, uint32_t points) {
  static const char *names[4] = {"x", "y", "z", "intensity"};
  memset(c, 0, sizeof *c);
  c->header.stamp.sec = STAMP_SEC;
  c->header.stamp.nanosec = STAMP_NSEC;
  c->header.frame_id = FRAME;
  c->height = 1;
  c->width = points;
  c->fields._length = c->fields._maximum = 4;
  c->fields._buffer = dds_sequence_sensor_msgs_msg_dds__PointField__allocbuf(4);
  for (uint32_t f = 0; f < 4; f++) {
    c->fields._buffer[f].name = (char *) names[f];
    c->fields._buffer[f].offset = 4 * f;
    c->fields._buffer[f].datatype = 7; /* FLOAT32 */
    c->fields._buffer[f].count = 1;
  }
  c->is_bigendian = false;
  c->point_step = 16;
  c->row_step = 16 * points;
  c->data._length = c->data._maximum = 16 * points;
  c->data._buffer = dds_sequence_uint8_allocbuf(16 * points);
  for (uint32_t i = 0; i < points; i++) {
    float v[4] = {point_coord(i, 0), point_coord(i, 1), point_coord(i, 2), (float) (i % 100)};
    memcpy(c->data._buffer + 16 * i, v, sizeof v);
  }
  c->is_dense = true;
}

static int check_reply(const sensor_msgs_msg_dds__PointCloud2_ *r, uint32_t points, const expected_field *ef, int nef) {
  int bad = 0;
#define FAIL(...) do { printf("CHECK FAILED: " __VA_ARGS__); printf("\n"); bad = 1; } while (0)
  if (r->header.stamp.sec != STAMP_SEC || r->header.stamp.nanosec != STAMP_NSEC)
    FAIL("stamp %d.%09u, expected %d.%09u", r->header.stamp.sec, r->header.stamp.nanosec, STAMP_SEC, STAMP_NSEC);
  if (r->header.frame_id == NULL || strcmp(r->header.frame_id, FRAME) != 0)
    FAIL("frame_id '%s', expected '%s'", r->header.frame_id ? r->header.frame_id : "(null)", FRAME);
  if ((uint64_t) r->width * r->height != points) FAIL("%u x %u points, expected %u", r->height, r->width, points);
  if ((int) r->fields._length != nef) FAIL("%u fields, expected %d", r->fields._length, nef);
  for (int f = 0; f < nef && f < (int) r->fields._length; f++) {
    const sensor_msgs_msg_dds__PointField_ *pf = &r->fields._buffer[f];
    if (strcmp(pf->name, ef[f].name) != 0 || pf->offset != ef[f].offset || pf->datatype != ef[f].datatype || pf->count != 1)
      FAIL("field %d is %s:%u:%u, expected %s:%u:%u", f, pf->name, pf->offset, pf->datatype, ef[f].name, ef[f].offset, ef[f].datatype);
  }
  if ((uint64_t) r->data._length != (uint64_t) r->point_step * points)
    FAIL("%u data bytes, expected point_step %u x %u", r->data._length, r->point_step, points);
  if (bad) return 1;
  for (uint32_t i = 0; i < points; i++) {
    float v[3];
    memcpy(v, r->data._buffer + (size_t) r->point_step * i, sizeof v);
    for (int a = 0; a < 3; a++) {
      if (v[a] != point_coord(i, a)) { FAIL("point %u axis %d is %g, expected %g", i, a, v[a], point_coord(i, a)); return 1; }
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stdout, "usage: %s DOMAIN_ID TIMEOUT_S POINTS FIELDS\n", argv[0]);
    return 2;
  }
  dds_domainid_t domain = (dds_domainid_t) atoi(argv[1]);
  int timeout_s = atoi(argv[2]);
  uint32_t points = (uint32_t) strtoul(argv[3], NULL, 10);
  expected_field ef[MAX_FIELDS];
  int nef = parse_fields(argv[4], ef);
  if (nef <= 0 || points == 0 || timeout_s <= 0) { printf("bad arguments\n"); return 2; }

  dds_entity_t pp = dds_create_participant(domain, NULL, NULL);
  if (pp < 0) { printf("participant: %s\n", dds_strretcode(-pp)); return 2; }

  dds_qos_t *sensor = dds_create_qos();
  dds_qset_reliability(sensor, DDS_RELIABILITY_BEST_EFFORT, 0);
  dds_qset_history(sensor, DDS_HISTORY_KEEP_LAST, 5);
  dds_qos_t *stat = dds_create_qos();
  dds_qset_reliability(stat, DDS_RELIABILITY_RELIABLE, DDS_SECS(1));
  dds_qset_durability(stat, DDS_DURABILITY_TRANSIENT_LOCAL);
  dds_qset_history(stat, DDS_HISTORY_KEEP_LAST, 1);
  dds_qos_t *out = dds_create_qos();
  dds_qset_reliability(out, DDS_RELIABILITY_RELIABLE, DDS_SECS(1));
  dds_qset_history(out, DDS_HISTORY_KEEP_LAST, 10);

  dds_entity_t t_points = dds_create_topic(pp, &sensor_msgs_msg_dds__PointCloud2__desc, "rt/points", NULL, NULL);
  dds_entity_t t_static = dds_create_topic(pp, &tf2_msgs_msg_dds__TFMessage__desc, "rt/tf_static", NULL, NULL);
  dds_entity_t t_sem = dds_create_topic(pp, &sensor_msgs_msg_dds__PointCloud2__desc, "rt/points_semantic", NULL, NULL);
  dds_entity_t w_points = dds_create_writer(pp, t_points, sensor, NULL);
  dds_entity_t w_static = dds_create_writer(pp, t_static, stat, NULL);
  dds_entity_t r_sem = dds_create_reader(pp, t_sem, out, NULL);
  if (t_points < 0 || t_static < 0 || t_sem < 0 || w_points < 0 || w_static < 0 || r_sem < 0) {
    printf("entity creation failed\n");
    return 2;
  }

  geometry_msgs_msg_dds__TransformStamped_ tfs;
  memset(&tfs, 0, sizeof tfs);
  tfs.header.stamp.sec = STAMP_SEC;
  tfs.header.frame_id = "base_link";
  tfs.child_frame_id = FRAME;
  tfs.transform.translation.x = 0.81;
  tfs.transform.translation.z = 1.73;
  tfs.transform.rotation.w = 1.0;
  tf2_msgs_msg_dds__TFMessage_ tf = {0};
  tf.transforms._length = tf.transforms._maximum = 1;
  tf.transforms._buffer = &tfs;
  if (dds_write(w_static, &tf) < 0) { printf("tf_static write failed\n"); return 2; }
  printf("published /tf_static base_link -> %s\n", FRAME);

  sensor_msgs_msg_dds__PointCloud2_ cloud;
  fill_cloud(&cloud, points);

  int result = 2;
  void *samples[1] = {NULL};
  dds_sample_info_t infos[1];
  int sent = 0;
  for (int tick = 0; tick < timeout_s * 10 && result == 2; tick++) {
    if (dds_write(w_points, &cloud) < 0) { printf("cloud write failed\n"); break; }
    sent++;
    dds_sleepfor(DDS_MSECS(100));
    int n;
    while ((n = dds_take(r_sem, samples, infos, 1, 1)) > 0) {
      if (infos[0].valid_data) {
        result = check_reply((const sensor_msgs_msg_dds__PointCloud2_ *) samples[0], points, ef, nef);
        printf("received /points_semantic after %d clouds: %s\n", sent, result == 0 ? "OK" : "BAD");
      }
      dds_return_loan(r_sem, samples, n);
      samples[0] = NULL;
      if (result != 2) break;
    }
  }
  if (result == 2) printf("no /points_semantic within %d s (%d clouds sent)\n", timeout_s, sent);
  dds_free(cloud.fields._buffer);
  dds_free(cloud.data._buffer);
  dds_delete_qos(sensor);
  dds_delete_qos(stat);
  dds_delete_qos(out);
  dds_delete(pp);
  return result;
}
