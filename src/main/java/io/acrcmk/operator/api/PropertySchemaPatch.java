package io.acrcmk.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Iterator;
import java.util.Map;

/**
 * CRD generator hook that merges JSON into the schemas of named properties of a class, for the
 * keywords fabric8 has no annotation for, such as {@code x-kubernetes-list-type}.
 *
 * <p>Use it as {@code @SchemaCustomizer(value = PropertySchemaPatch.class, input = "{\"actions\":
 * {\"x-kubernetes-list-type\": \"set\"}}")}. The generator's own MergePatchCustomizer cannot do
 * this because it replaces the whole {@code properties} map. Only the generator runs this class, at
 * build time. The runtime jar leaves the generator out, so the JVM ignores the annotation and
 * nothing loads this class at run time.
 */
public class PropertySchemaPatch implements SchemaCustomizer.Customizer {

  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps props, String input, KubernetesSerialization serialization) {
    JsonNode patches = serialization.unmarshal(input, JsonNode.class);
    if (patches == null || !patches.isObject()) {
      throw new IllegalArgumentException(
          "PropertySchemaPatch input must be a JSON object of property name to patch: " + input);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = patches.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> patch = fields.next();
      JSONSchemaProps property = props.getProperties().get(patch.getKey());
      if (property == null) {
        throw new IllegalArgumentException(
            "PropertySchemaPatch names property '"
                + patch.getKey()
                + "', which the schema does not have; it has "
                + props.getProperties().keySet());
      }
      serialization.mergePatch(property, serialization.asJson(patch.getValue()));
    }
    return props;
  }
}
