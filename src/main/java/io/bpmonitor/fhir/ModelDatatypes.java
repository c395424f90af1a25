package io.bpmonitor.fhir;

import java.util.List;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.util.IModelVisitor2;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * Checks every primitive of an Observation HAPI has parsed against {@link FhirDatatypes} and its narrative against
 * {@link Narratives}: HAPI's parser takes a year 0000, a time without an offset, control characters and a
 * {@code <script>}; R4 does not. The first fault found is refused, its element named FHIRPath-style.
 */
final class ModelDatatypes {

    private final FhirTerser terser;

    ModelDatatypes(FhirContext r4) {
        this.terser = r4.newTerser();
    }

    /** @throws InvalidReadingException at the first element R4's datatypes refuse */
    void check(Observation observation) {
        terser.visit(observation, new IModelVisitor2() {
            @Override
            public boolean acceptElement(IBase element, List<IBase> containingElements,
                                         List<BaseRuntimeChildDefinition> children,
                                         List<BaseRuntimeElementDefinition<?>> definitions) {
                String problem = problem(element);
                if (problem != null) {
                    throw new InvalidReadingException(path(containingElements, children) + ": " + problem);
                }
                return true;
            }

            @Override
            public boolean acceptUndeclaredExtension(IBaseExtension<?, ?> extension, List<IBase> containingElements,
                                                     List<BaseRuntimeChildDefinition> children,
                                                     List<BaseRuntimeElementDefinition<?>> definitions) {
                return true;
            }
        });
    }

    private static String problem(IBase element) {
        if (element instanceof XhtmlNode div) {
            return Narratives.problem(div);
        }
        if (!(element instanceof IPrimitiveType<?> primitive) || primitive.getValueAsString() == null) {
            return null;
        }
        String text = primitive.getValueAsString();
        if (element instanceof InstantType) {
            return matches(FhirDatatypes.INSTANT, text, FhirDatatypes.NOT_AN_INSTANT);
        }
        if (element instanceof DateTimeType) {
            return matches(FhirDatatypes.DATE_TIME, text, FhirDatatypes.NOT_A_DATE_TIME);
        }
        if (element instanceof DateType) {
            return matches(FhirDatatypes.DATE, text, FhirDatatypes.NOT_A_DATE);
        }
        return FhirDatatypes.characterProblem(text, element instanceof StringType);
    }

    private static String matches(Pattern pattern, String text, String problem) {
        return pattern.matcher(text).matches() ? null : problem;
    }

    /** {@code Observation.component.valueQuantity.code}: element names, a choice named by its type. */
    private static String path(List<IBase> elements, List<BaseRuntimeChildDefinition> children) {
        StringBuilder path = new StringBuilder("Observation");
        for (int i = 0; i < children.size(); i++) {
            BaseRuntimeChildDefinition child = children.get(i);
            IBase element = elements.get(Math.min(i + 1, elements.size() - 1));
            path.append('.').append(child instanceof RuntimeChildChoiceDefinition choice
                    ? choice.getChildNameByDatatype(element.getClass()) : child.getElementName());
        }
        return path.toString();
    }
}
