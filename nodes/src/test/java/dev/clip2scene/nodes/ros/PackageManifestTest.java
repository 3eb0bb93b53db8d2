package dev.clip2scene.nodes.ros;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.testkit.Fixtures;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * package.xml against the format 3 rules of REP 149, stated as a schema in test resources (our own statement of the
 * rules; the upstream schema files carry no licence we could ship under). Also the dependencies the node needs.
 */
class PackageManifestTest {
  private static Validator validator() throws Exception {
    SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    return f.newSchema(PackageManifestTest.class.getResource("/rep149_package_format3.xsd")).newValidator();
  }

  private static String manifest() throws Exception {
    return Files.readString(Fixtures.root().resolve("package.xml"));
  }

  @Test
  void packageXmlValidatesAsFormat3() throws Exception {
    String xml = manifest();
    assertDoesNotThrow(() -> validator().validate(new StreamSource(new StringReader(xml))));
  }

  @Test
  void schemaRejectsWhatFormat3Forbids() throws Exception {
    String xml = manifest();
    List<String> broken = List.of(
        xml.replace("format=\"3\"", "format=\"2\""),
        xml.replace("<name>clip2scene</name>", "<name>Clip2Scene</name>"),
        xml.replace("<version>0.1.0</version>", "<version>0.1</version>"),
        xml.replaceFirst("<license>[^<]*</license>", ""),
        xml.replace("email=\"maintainers@clip2scene.dev\"", "email=\"nobody\""),
        xml.replace("<buildtool_depend>ament_cmake</buildtool_depend>", "<run_depend>ament_cmake</run_depend>"));
    for (String b : broken) {
      assertThrows(SAXException.class, () -> validator().validate(new StreamSource(new StringReader(b))), b);
    }
  }

  @Test
  void declaresTheInterfacesTheNodeUsesAndAmentCmake() throws Exception {
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Fixtures.root().resolve("package.xml").toFile());
    List<String> exec = texts(doc.getElementsByTagName("exec_depend"));
    exec.addAll(texts(doc.getElementsByTagName("depend")));
    assertTrue(exec.containsAll(List.of("sensor_msgs", "tf2_msgs", "geometry_msgs", "std_msgs", "builtin_interfaces",
        "diagnostic_msgs", "rosidl_default_runtime")), exec.toString());
    // the package generates its own interfaces (rosidl_generate_interfaces in CMakeLists.txt)
    assertEquals(List.of("ament_cmake", "rosidl_default_generators"), texts(doc.getElementsByTagName("buildtool_depend")));
    assertEquals(List.of("rosidl_interface_packages"), texts(doc.getElementsByTagName("member_of_group")));
    assertTrue(Files.readString(Fixtures.root().resolve("CMakeLists.txt")).contains("rosidl_generate_interfaces"));
    assertEquals(List.of("ament_cmake"), texts(doc.getElementsByTagName("build_type")));
    assertTrue(Files.isRegularFile(Fixtures.root().resolve("CMakeLists.txt")), "ament_cmake needs CMakeLists.txt");
  }

  private static List<String> texts(NodeList nodes) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) out.add(((Element) nodes.item(i)).getTextContent().trim());
    return out;
  }

  @Test
  void cmakeWrappersMatchTheLaunchExecutableTable() throws Exception {
    String cmake = Files.readString(Fixtures.root().resolve("CMakeLists.txt"));
    java.util.Map<String, List<String>> declared = new java.util.TreeMap<>();
    var m = java.util.regex.Pattern.compile("(?m)^clip2scene_executable\\(([^)]*)\\)").matcher(cmake);
    while (m.find()) {
      List<String> words = List.of(m.group(1).trim().split("\\s+"));
      declared.put(words.get(0), words.subList(1, words.size()));
    }
    assertEquals(dev.clip2scene.nodes.launch.ClipExecutables.all(), declared);
    assertTrue(Files.readString(Fixtures.root().resolve("scripts/exec_wrapper.sh.in")).contains("@VERB@ \"$@\""));
  }

  @Test
  void rosRunWrapperStartsTheJarWithTheLauncherSettings(@org.junit.jupiter.api.io.TempDir Path prefix) throws Exception {
    // the install tree CMakeLists.txt lays out, with a stand-in java that prints what it was given
    Path wrapper = prefix.resolve("lib/clip2scene/perception");
    Path share = prefix.resolve("share/clip2scene");
    Files.createDirectories(wrapper.getParent());
    Files.createDirectories(share.resolve("java"));
    Files.writeString(wrapper, Files.readString(Fixtures.root().resolve("scripts/exec_wrapper.sh.in"))
        .replace("@EXEC@", "perception").replace("@VERB@", "perception"));
    Files.copy(Fixtures.root().resolve("scripts/jvm-env.sh"), share.resolve("jvm-env.sh"));
    Path fakeJava = prefix.resolve("fake-java");
    Files.writeString(fakeJava, "#!/bin/sh\necho \"args: $*\"\n"
        + "echo \"env: $OMP_WAIT_POLICY $MALLOC_MMAP_THRESHOLD_ $DJL_OFFLINE\"\n");
    assertTrue(fakeJava.toFile().setExecutable(true));
    ProcessBuilder pb = new ProcessBuilder("sh", wrapper.toString(), "--ros-args", "-p", "device:=cpu").redirectErrorStream(true);
    for (String v : List.of("OMP_WAIT_POLICY", "MALLOC_MMAP_THRESHOLD_", "DJL_OFFLINE", "CLIP2SCENE_JAVA_OPTS")) {
      pb.environment().remove(v);
    }
    pb.environment().put("JAVA", fakeJava.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    String root = share.toAbsolutePath().normalize().toString(); // as the wrapper's cd + pwd give it
    assertTrue(out.contains("args: --add-modules jdk.incubator.vector -Dclip2scene.root=" + root + " -cp " + root
        + "/java/clip2scene.jar dev.clip2scene.nodes.cli.Clip2SceneCommand perception --ros-args -p device:=cpu\n"), out);
    assertTrue(out.contains("env: PASSIVE 131072 true\n"), out);

    // installed with the rcljava transport, in a sourced workspace: its jar and the workspace's, less slf4j 1.7
    Files.writeString(share.resolve("java/clip2scene-rcljava.jar"), "");
    pb.environment().put("CLASSPATH", "/ws/rcljava.jar:/ws/slf4j-api-1.7.21.jar:/ws/std_msgs_messages.jar");
    Process q = pb.start();
    String withRcl = new String(q.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, q.waitFor(), withRcl);
    assertTrue(withRcl.contains(" -cp " + root + "/java/clip2scene.jar:" + root + "/java/clip2scene-rcljava.jar:/ws/rcljava.jar:"
        + "/ws/std_msgs_messages.jar dev.clip2scene.nodes.cli.Clip2SceneCommand perception "), withRcl);
  }
}
