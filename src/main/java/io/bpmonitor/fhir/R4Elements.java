package io.bpmonitor.fhir;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeChildExtension;
import ca.uhn.fhir.context.RuntimeChildUndeclaredExtensionDefinition;
import ca.uhn.fhir.context.RuntimePrimitiveDatatypeDefinition;
import ca.uhn.fhir.context.RuntimePrimitiveDatatypeXhtmlHl7OrgDefinition;
import ca.uhn.fhir.model.api.annotation.Child;
import org.hl7.fhir.instance.model.api.IBaseXhtml;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.EnumFactory;

/**
 * What FHIR R4 allows inside an Observation, element by element, for {@link StreamingObservationReader}: taken from
 * HAPI's own R4 model definitions (the ones its strict parser checks against), so "an element R4 does not define"
 * means the same thing on both paths. Built once; immutable afterwards and shared between threads.
 *
 * <p>Names HAPI's parser also takes but that are not the element's JSON name (the {@code subjectResource} alias of
 * {@code subject}, {@code authorPatient} for {@code authorReference}...), contained resources and extensions whose
 * value is itself an extension or narrative are marked {@link Kind#UNSUPPORTED}: the streaming reader leaves them to
 * HAPI.
 */
final class R4Elements {

    /** How the streaming reader walks an element's JSON value. */
    enum Kind {
        /** an object with named children: a data type or a backbone element */
        COMPOSITE,
        /** a JSON scalar */
        PRIMITIVE,
        /** an {@code extension} / {@code modifierExtension} entry: url, id, nested extensions, one value[x] */
        EXTENSION,
        /** the narrative's {@code div} */
        XHTML,
        /** only HAPI reads it */
        UNSUPPORTED
    }

    /** What a primitive's value must be for HAPI's strict parser to take it without complaint. */
    enum Check {
        /** string and markdown: a non-empty JSON string; tab, CR and LF its only control characters */
        TEXT,
        /** uri, url, canonical, oid, uuid, id and unbound code: a non-empty JSON string without control characters */
        STRING,
        /** {@code Reference.reference}: a string, and not {@code #local}, which HAPI resolves against contained */
        REFERENCE,
        /** a code bound to a required value set: the model's enum factory must know it */
        ENUMERATION,
        BOOLEAN,
        /** a JSON number */
        DECIMAL,
        /** integer, positiveInt, unsignedInt: a JSON integer HAPI's type parses */
        INTEGER,
        /** dateTime: canonical forms checked here, others by R4's pattern and HAPI's type */
        DATE_TIME,
        /** instant: the canonical form checked here, others by R4's pattern and HAPI's type */
        INSTANT,
        /** date: {@code YYYY-MM-DD} checked here, others by R4's pattern and HAPI's type */
        DATE,
        /** time, base64Binary...: a non-empty string HAPI's type parses */
        OTHER
    }

    /** One JSON name in a parent: the element it sets, its slot among the parent's elements, and how to read it. */
    static final class Element {
        final String name;
        /** the parent's element index; the names of one choice element (effectiveDateTime, effectivePeriod) share it */
        final int slot;
        final boolean repeating;
        final Kind kind;
        final Check check;
        Type type;
        final RuntimePrimitiveDatatypeDefinition primitive;
        final Object constructorArgument;
        final EnumFactory<?> enumFactory;
        final RuntimePrimitiveDatatypeXhtmlHl7OrgDefinition xhtml;

        private Element(String name, int slot, boolean repeating, Kind kind, Check check,
                        RuntimePrimitiveDatatypeDefinition primitive, Object constructorArgument,
                        RuntimePrimitiveDatatypeXhtmlHl7OrgDefinition xhtml) {
            this.name = name;
            this.slot = slot;
            this.repeating = repeating;
            this.kind = kind;
            this.check = check;
            this.primitive = primitive;
            this.constructorArgument = constructorArgument;
            this.enumFactory = constructorArgument instanceof EnumFactory<?> factory ? factory : null;
            this.xhtml = xhtml;
        }

        /** A fresh instance of the primitive's model type, as HAPI's parser makes one for this element. */
        IPrimitiveType<?> newPrimitive() {
            return primitive.newInstance(constructorArgument);
        }

        IBaseXhtml newXhtml() {
            return xhtml.newInstance();
        }

        @Override
        public String toString() {
            return name + " (" + kind + (check == null ? "" : " " + check) + ")";
        }
    }

    /** A composite data type or backbone element: its children by JSON name. */
    static final class Type {
        final String name;
        private final Map<String, Element> elements = new HashMap<>();
        /** more than 64 elements would not fit the reader's seen-mask; none of R4's data types has that many */
        private boolean supported = true;

        private Type(String name) {
            this.name = name;
        }

        /** The element this JSON name sets, or {@code null} when R4 does not define it here. */
        Element element(String jsonName) {
            return elements.get(jsonName);
        }

        boolean supported() {
            return supported;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Map<BaseRuntimeElementCompositeDefinition<?>, Type> types = new IdentityHashMap<>();
    private final BaseRuntimeElementCompositeDefinition<?> extensionDefinition;
    private final Map<String, Element> extensionValues = new HashMap<>();
    final Type observation;

    R4Elements(FhirContext r4) {
        extensionDefinition = (BaseRuntimeElementCompositeDefinition<?>) r4.getElementDefinition("Extension");
        observation = type(r4.getResourceDefinition("Observation"));
        // the value[x] of an extension, as HAPI's parser finds it: through the undeclared-extension definition
        BaseRuntimeChildDefinition value = r4.getRuntimeChildUndeclaredExtensionDefinition();
        for (String name : value.getValidChildNames()) {
            BaseRuntimeElementDefinition<?> target = value.getChildByName(name);
            Element element = element(name, 0, false, value, target, isJsonName(value, name));
            if (element.kind == Kind.XHTML) { // HAPI's extension state has no narrative case: it reports it unknown
                element = unsupported(name, 0, false);
            }
            extensionValues.put(name, element);
        }
    }

    /** A data type or backbone element by its R4 name, e.g. {@code CodeableConcept}; for the reader's own walks. */
    Type type(String name) {
        return types.values().stream().filter(type -> type.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no R4 type " + name + " under Observation"));
    }

    /** The extension value this JSON name sets ({@code valueString}, {@code valueCodeableConcept}...), or null. */
    Element extensionValue(String jsonName) {
        return extensionValues.get(jsonName);
    }

    private Type type(BaseRuntimeElementCompositeDefinition<?> definition) {
        Type type = types.get(definition);
        if (type != null) {
            return type;
        }
        type = new Type(definition.getName());
        types.put(definition, type); // before the children: types refer to each other (Identifier <-> Reference)
        int slot = 0;
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            boolean repeating = child.getMax() > 1 || child.getMax() == Child.MAX_UNLIMITED;
            if (child instanceof RuntimeChildExtension) { // extension, modifierExtension
                type.elements.put(child.getElementName(), new Element(child.getElementName(), slot, true,
                        Kind.EXTENSION, null, null, null, null));
            } else {
                for (String name : child.getValidChildNames()) {
                    type.elements.put(name, element(name, slot, repeating, child, child.getChildByName(name),
                            isJsonName(child, name)));
                }
            }
            slot++;
        }
        type.supported = slot <= Long.SIZE;
        if ("Reference".equals(type.name)) { // HAPI resolves "#id" references against contained resources
            Element reference = type.elements.get("reference");
            type.elements.put("reference", new Element(reference.name, reference.slot, reference.repeating,
                    Kind.PRIMITIVE, Check.REFERENCE, reference.primitive, reference.constructorArgument, null));
        }
        return type;
    }

    /**
     * The element's own JSON name, not one of the aliases HAPI's definitions also answer to: {@code subjectResource},
     * {@code authorPatient}, an extension's {@code valueResource} or lower-cased {@code valuestring}.
     */
    private static boolean isJsonName(BaseRuntimeChildDefinition child, String name) {
        String prefix;
        if (child instanceof RuntimeChildUndeclaredExtensionDefinition) {
            prefix = "value";
        } else if (child instanceof RuntimeChildChoiceDefinition) {
            prefix = child.getElementName();
        } else {
            return name.equals(child.getElementName());
        }
        BaseRuntimeElementDefinition<?> target = child.getChildByName(name);
        if (target == null) {
            return false;
        }
        String typeName = target.getName();
        return name.equals(prefix + typeName.substring(0, 1).toUpperCase(Locale.ROOT) + typeName.substring(1));
    }

    private Element element(String name, int slot, boolean repeating, BaseRuntimeChildDefinition child,
                            BaseRuntimeElementDefinition<?> target, boolean jsonName) {
        if (target == null || !jsonName) {
            return unsupported(name, slot, repeating);
        }
        switch (target.getChildType()) {
            case COMPOSITE_DATATYPE, RESOURCE_BLOCK -> {
                if (target == extensionDefinition) { // valueExtension: HAPI reads it as a plain composite; rare
                    return unsupported(name, slot, repeating);
                }
                Element element = new Element(name, slot, repeating, Kind.COMPOSITE, null, null, null, null);
                element.type = type((BaseRuntimeElementCompositeDefinition<?>) target);
                return element;
            }
            case PRIMITIVE_DATATYPE, ID_DATATYPE -> {
                RuntimePrimitiveDatatypeDefinition primitive = (RuntimePrimitiveDatatypeDefinition) target;
                Object argument = child.getInstanceConstructorArguments();
                Check check = check(primitive.getName(), argument);
                return new Element(name, slot, repeating, Kind.PRIMITIVE, check, primitive, argument, null);
            }
            case PRIMITIVE_XHTML_HL7ORG -> {
                return new Element(name, slot, repeating, Kind.XHTML, null, null, null,
                        (RuntimePrimitiveDatatypeXhtmlHl7OrgDefinition) target);
            }
            default -> {
                return unsupported(name, slot, repeating);
            }
        }
    }

    private static Element unsupported(String name, int slot, boolean repeating) {
        return new Element(name, slot, repeating, Kind.UNSUPPORTED, null, null, null, null);
    }

    private static Check check(String primitive, Object constructorArgument) {
        if (constructorArgument instanceof EnumFactory<?>) {
            return Check.ENUMERATION;
        }
        return switch (primitive) {
            case "string", "markdown" -> Check.TEXT;
            case "uri", "url", "canonical", "oid", "uuid", "id", "code" -> Check.STRING;
            case "boolean" -> Check.BOOLEAN;
            case "decimal" -> Check.DECIMAL;
            case "integer", "positiveInt", "unsignedInt" -> Check.INTEGER;
            case "dateTime" -> Check.DATE_TIME;
            case "instant" -> Check.INSTANT;
            case "date" -> Check.DATE;
            default -> Check.OTHER;
        };
    }
}
