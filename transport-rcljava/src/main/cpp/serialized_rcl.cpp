// JNI glue for dev.clip2scene.rcljava.SerializedRcl: publish and take serialized (CDR) messages through rcl, which
// rcljava's own API does not expose. Handles come from rcljava (node, publisher, context, QoS profile) or from
// nativeCreateSubscription here. Every rcl failure becomes a java.io.IOException with rcl's error string.
#include <jni.h>

#include <cstring>
#include <new>
#include <string>

#include "rcl/error_handling.h"
#include "rcl/publisher.h"
#include "rcl/rcl.h"
#include "rcl/subscription.h"
#include "rcl/wait.h"
#include "rmw/serialized_message.h"

namespace {

void throw_io(JNIEnv * env, const std::string & what) {
  if (env->ExceptionCheck()) return;
  jclass c = env->FindClass("java/io/IOException");
  if (c != nullptr) env->ThrowNew(c, what.c_str());
}

std::string rcl_error() {
  std::string s = rcl_get_error_string().str;
  rcl_reset_error();
  return s;
}

struct Subscription {
  rcl_subscription_t subscription;
  rcl_wait_set_t wait_set;
  rcl_serialized_message_t buffer;
  rcl_node_t * node;
};

}  // namespace

extern "C" {

JNIEXPORT void JNICALL Java_dev_clip2scene_rcljava_SerializedRcl_nativePublish(
  JNIEnv * env, jclass, jlong publisher_handle, jbyteArray cdr, jint length)
{
  auto * publisher = reinterpret_cast<rcl_publisher_t *>(publisher_handle);
  if (publisher == nullptr || cdr == nullptr || length < 0 || length > env->GetArrayLength(cdr)) {
    throw_io(env, "publish: bad arguments");
    return;
  }
  rcutils_allocator_t allocator = rcutils_get_default_allocator();
  rcl_serialized_message_t message = rmw_get_zero_initialized_serialized_message();
  if (rmw_serialized_message_init(&message, static_cast<size_t>(length), &allocator) != RMW_RET_OK) {
    throw_io(env, "publish: cannot allocate " + std::to_string(length) + " bytes: " + rcl_error());
    return;
  }
  env->GetByteArrayRegion(cdr, 0, length, reinterpret_cast<jbyte *>(message.buffer));
  message.buffer_length = static_cast<size_t>(length);
  rcl_ret_t ret = rcl_publish_serialized_message(publisher, &message, nullptr);
  std::string error = ret == RCL_RET_OK ? "" : rcl_error();
  if (rmw_serialized_message_fini(&message) != RMW_RET_OK) rcl_reset_error();
  if (ret != RCL_RET_OK) throw_io(env, "rcl_publish_serialized_message: " + error);
}

JNIEXPORT jlong JNICALL Java_dev_clip2scene_rcljava_SerializedRcl_nativeSubscriptionCount(
  JNIEnv * env, jclass, jlong publisher_handle)
{
  size_t count = 0;
  if (rcl_publisher_get_subscription_count(reinterpret_cast<rcl_publisher_t *>(publisher_handle), &count) != RCL_RET_OK) {
    throw_io(env, "rcl_publisher_get_subscription_count: " + rcl_error());
    return -1;
  }
  return static_cast<jlong>(count);
}

JNIEXPORT jlong JNICALL Java_dev_clip2scene_rcljava_SerializedRcl_nativeCreateSubscription(
  JNIEnv * env, jclass, jlong node_handle, jlong context_handle, jlong type_support_handle, jstring topic,
  jlong qos_handle)
{
  auto * node = reinterpret_cast<rcl_node_t *>(node_handle);
  auto * context = reinterpret_cast<rcl_context_t *>(context_handle);
  auto * ts = reinterpret_cast<const rosidl_message_type_support_t *>(type_support_handle);
  auto * qos = reinterpret_cast<rmw_qos_profile_t *>(qos_handle);
  if (node == nullptr || context == nullptr || ts == nullptr || qos == nullptr || topic == nullptr) {
    throw_io(env, "subscription: bad arguments");
    return 0;
  }
  auto * s = new (std::nothrow) Subscription();
  if (s == nullptr) {
    throw_io(env, "subscription: out of memory");
    return 0;
  }
  s->node = node;
  s->subscription = rcl_get_zero_initialized_subscription();
  s->wait_set = rcl_get_zero_initialized_wait_set();
  s->buffer = rmw_get_zero_initialized_serialized_message();
  rcl_subscription_options_t options = rcl_subscription_get_default_options();
  options.qos = *qos;
  const char * name = env->GetStringUTFChars(topic, nullptr);
  rcl_ret_t ret = rcl_subscription_init(&s->subscription, node, ts, name, &options);
  env->ReleaseStringUTFChars(topic, name);
  if (ret != RCL_RET_OK) {
    throw_io(env, "rcl_subscription_init: " + rcl_error());
    delete s;
    return 0;
  }
  rcutils_allocator_t allocator = rcutils_get_default_allocator();
  ret = rcl_wait_set_init(&s->wait_set, 1, 0, 0, 0, 0, 0, context, allocator);
  if (ret != RCL_RET_OK || rmw_serialized_message_init(&s->buffer, 0, &allocator) != RMW_RET_OK) {
    throw_io(env, "rcl_wait_set_init: " + rcl_error());
    // cleanup after a failure: their own failures add nothing to the error above
    if (rcl_wait_set_is_valid(&s->wait_set) && rcl_wait_set_fini(&s->wait_set) != RCL_RET_OK) rcl_reset_error();
    if (rcl_subscription_fini(&s->subscription, node) != RCL_RET_OK) rcl_reset_error();
    rmw_serialized_message_fini(&s->buffer);
    delete s;
    return 0;
  }
  return reinterpret_cast<jlong>(s);
}

// The next message's CDR, waiting up to TIMEOUT_NS; null when none came. One thread per subscription calls it.
JNIEXPORT jbyteArray JNICALL Java_dev_clip2scene_rcljava_SerializedRcl_nativeTake(
  JNIEnv * env, jclass, jlong handle, jlong timeout_ns)
{
  auto * s = reinterpret_cast<Subscription *>(handle);
  if (s == nullptr) {
    throw_io(env, "take: closed subscription");
    return nullptr;
  }
  if (rcl_wait_set_clear(&s->wait_set) != RCL_RET_OK ||
    rcl_wait_set_add_subscription(&s->wait_set, &s->subscription, nullptr) != RCL_RET_OK)
  {
    throw_io(env, "rcl_wait_set: " + rcl_error());
    return nullptr;
  }
  rcl_ret_t ret = rcl_wait(&s->wait_set, timeout_ns);
  if (ret == RCL_RET_TIMEOUT) return nullptr;
  if (ret != RCL_RET_OK) {
    throw_io(env, "rcl_wait: " + rcl_error());
    return nullptr;
  }
  if (s->wait_set.subscriptions[0] == nullptr) return nullptr;
  ret = rcl_take_serialized_message(&s->subscription, &s->buffer, nullptr, nullptr);
  if (ret == RCL_RET_SUBSCRIPTION_TAKE_FAILED) {
    rcl_reset_error();
    return nullptr;
  }
  if (ret != RCL_RET_OK) {
    throw_io(env, "rcl_take_serialized_message: " + rcl_error());
    return nullptr;
  }
  if (s->buffer.buffer_length > 0x7fffffff) {
    throw_io(env, "take: a message of " + std::to_string(s->buffer.buffer_length) + " bytes does not fit a Java array");
    return nullptr;
  }
  auto n = static_cast<jsize>(s->buffer.buffer_length);
  jbyteArray out = env->NewByteArray(n);
  if (out == nullptr) return nullptr;  // OutOfMemoryError is pending
  env->SetByteArrayRegion(out, 0, n, reinterpret_cast<const jbyte *>(s->buffer.buffer));
  return out;
}

JNIEXPORT jlong JNICALL Java_dev_clip2scene_rcljava_SerializedRcl_nativePublisherCount(
  JNIEnv * env, jclass, jlong handle)
{
  auto * s = reinterpret_cast<Subscription *>(handle);
  size_t count = 0;
  if (s == nullptr || rcl_subscription_get_publisher_count(&s->subscription, &count) != RCL_RET_OK) {
    throw_io(env, "rcl_subscription_get_publisher_count: " + rcl_error());
    return -1;
  }
  return static_cast<jlong>(count);
}

JNIEXPORT void JNICALL Java_dev_clip2scene_rcljava_SerializedRcl_nativeDestroySubscription(
  JNIEnv * env, jclass, jlong handle)
{
  auto * s = reinterpret_cast<Subscription *>(handle);
  if (s == nullptr) return;
  std::string error;
  if (rcl_wait_set_fini(&s->wait_set) != RCL_RET_OK) error += "rcl_wait_set_fini: " + rcl_error() + "; ";
  if (rcl_subscription_fini(&s->subscription, s->node) != RCL_RET_OK) error += "rcl_subscription_fini: " + rcl_error();
  if (rmw_serialized_message_fini(&s->buffer) != RMW_RET_OK) error += "; rmw_serialized_message_fini: " + rcl_error();
  delete s;
  if (!error.empty()) throw_io(env, error);
}

}  // extern "C"
