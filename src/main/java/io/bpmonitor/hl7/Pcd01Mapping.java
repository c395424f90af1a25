package io.bpmonitor.hl7;

import static io.bpmonitor.fhir.BloodPressureCodes.BP_PROFILE;
import static io.bpmonitor.fhir.BloodPressureCodes.CATEGORY_SYSTEM;
import static io.bpmonitor.fhir.BloodPressureCodes.DEVICE_REFERENCE_PREFIX;
import static io.bpmonitor.fhir.BloodPressureCodes.DIASTOLIC;
import static io.bpmonitor.fhir.BloodPressureCodes.DIASTOLIC_DISPLAY;
import static io.bpmonitor.fhir.BloodPressureCodes.KILOPASCAL;
import static io.bpmonitor.fhir.BloodPressureCodes.LOINC;
import static io.bpmonitor.fhir.BloodPressureCodes.MM_HG;
import static io.bpmonitor.fhir.BloodPressureCodes.MM_HG_DISPLAY;
import static io.bpmonitor.fhir.BloodPressureCodes.PANEL;
import static io.bpmonitor.fhir.BloodPressureCodes.PANEL_DISPLAY;
import static io.bpmonitor.fhir.BloodPressureCodes.PATIENT_REFERENCE_PREFIX;
import static io.bpmonitor.fhir.BloodPressureCodes.SYSTOLIC;
import static io.bpmonitor.fhir.BloodPressureCodes.SYSTOLIC_DISPLAY;
import static io.bpmonitor.fhir.BloodPressureCodes.UCUM;
import static io.bpmonitor.fhir.BloodPressureCodes.VITAL_SIGNS;
import static io.bpmonitor.fhir.BloodPressureCodes.VITAL_SIGNS_DISPLAY;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.model.v26.segment.MSH;
import ca.uhn.hl7v2.model.v26.segment.OBX;
import io.bpmonitor.fhir.FhirDatatypes;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * The one mapping from HL7 v2 to FHIR at this door: an IHE PCD-01 {@code ORU^R01} (read into HAPI's v2.6 model) to
 * the blood-pressure Observations the other doors produce, after the HL7 v2-to-FHIR IG's OBX → Observation. Each
 * non-invasive blood-pressure group (the OBXs of one OBR sharing an OBX-4 parent, e.g. {@code 1.0.1.x}) is one
 * Observation; every other OBX (heart rate, SpO2, device headers) is left out. docs/interoperability.md has the table.
 */
public final class Pcd01Mapping {

    /** ISO/IEEE 11073-10101 nomenclature (MDC), as FHIR names its system. */
    public static final String MDC = "urn:iso:std:iso:11073:10101";
    static final String NONINVASIVE = "150020";
    static final String MEAN = "8478-0";
    static final String DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    /** The three metrics of the MDC_PRESS_BLD_NONINV group: MDC code and name, the LOINC they map to. */
    enum Metric {
        SYS("150021", "MDC_PRESS_BLD_NONINV_SYS", SYSTOLIC, SYSTOLIC_DISPLAY),
        DIA("150022", "MDC_PRESS_BLD_NONINV_DIA", DIASTOLIC, DIASTOLIC_DISPLAY),
        MEAN("150023", "MDC_PRESS_BLD_NONINV_MEAN", Pcd01Mapping.MEAN, "Mean blood pressure");

        final String mdc;
        final String mdcName;
        final String loinc;
        final String display;

        Metric(String mdc, String mdcName, String loinc, String display) {
            this.mdc = mdc;
            this.mdcName = mdcName;
            this.loinc = loinc;
            this.display = display;
        }

        static Metric of(CWE code) {
            for (Metric metric : values()) {
                if (metric.mdc.equals(code.getIdentifier().getValue()) || metric.mdcName.equals(code.getText().getValue())) {
                    return metric;
                }
            }
            return null;
        }
    }

    /** OBX-11 (HL7 table 0085) → Observation.status, by the IG's concept map; X (cannot be obtained) is no value. */
    private static final Map<String, ObservationStatus> STATUSES = Map.of("F", ObservationStatus.FINAL,
            "U", ObservationStatus.FINAL, "", ObservationStatus.FINAL, "C", ObservationStatus.CORRECTED,
            "P", ObservationStatus.PRELIMINARY, "R", ObservationStatus.PRELIMINARY, "S", ObservationStatus.PRELIMINARY,
            "W", ObservationStatus.ENTEREDINERROR, "D", ObservationStatus.ENTEREDINERROR);
    /** Of a group's OBXs, the status that says most wins: a withdrawal, then a correction, then a preliminary. */
    private static final List<ObservationStatus> PRECEDENCE = List.of(ObservationStatus.FINAL,
            ObservationStatus.PRELIMINARY, ObservationStatus.CORRECTED, ObservationStatus.ENTEREDINERROR);

    /** HL7 DTM down to the minute at least: YYYYMMDDHHMM[SS[.S…]][+/-ZZZZ]. */
    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})?(\\.\\d{1,4})?([+-]\\d{4})?");
    private static final Pattern OFFSET = Pattern.compile(".*([+-]\\d{4})");

    /** One Observation and where its group starts in the message, for an ERR-2 when the reader refuses it. */
    public record Mapped(Observation observation, Location location) {
    }

    /**
     * What a message holds: a reading for each group that makes one, and why each other group does not. A group is
     * read whatever its neighbours: a crisis is not lost because another measurement of the message is unreadable.
     */
    public record Readings(List<Mapped> readings, List<Hl7Refusal> refused) {
    }

    /** The OBXs of one group as they come, with their position among the message's OBXs. */
    private record Metered(Metric metric, OBX obx, int position) {
    }

    /**
     * @throws Hl7Refusal what keeps the message from being readings at all, and where
     */
    public Readings map(Message message) throws HL7Exception {
        MSH msh = (MSH) message.get("MSH");
        String type = msh.getMessageType().getMessageCode().getValue();
        String event = msh.getMessageType().getTriggerEvent().getValue();
        if (!"ORU".equals(type) || !"R01".equals(event) || !(message instanceof ORU_R01 oru)) {
            throw new Hl7Refusal("ORU".equals(type) ? ErrorCode.UNSUPPORTED_EVENT_CODE : ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
                    Hl7Refusal.at("MSH", 1, 9), "only ORU^R01 (IHE PCD-01) is accepted, not " + safe(type) + "^" + safe(event));
        }
        String controlId = msh.getMessageControlID().getValue();
        if (controlId == null || controlId.isBlank()) {
            throw new Hl7Refusal(ErrorCode.REQUIRED_FIELD_MISSING, Hl7Refusal.at("MSH", 1, 10), "no message control id");
        }
        // what names this message wherever it is sent again: the sender and its control id
        String source = msh.getSendingApplication().encode() + "|" + msh.getSendingFacility().encode() + "|" + controlId;
        String senderOffset = offset(msh.getDateTimeOfMessage().getValue());
        List<Mapped> readings = new ArrayList<>();
        List<Hl7Refusal> refused = new ArrayList<>();
        int orders = 0;
        int obxs = 0;
        for (int p = 0; p < oru.getPATIENT_RESULTReps(); p++) {
            ORU_R01_PATIENT_RESULT result = oru.getPATIENT_RESULT(p);
            for (ORU_R01_ORDER_OBSERVATION order : result.getORDER_OBSERVATIONAll()) {
                orders++;
                Map<String, List<Metered>> groups = new LinkedHashMap<>();
                String orderDevice = null;
                for (ORU_R01_OBSERVATION observation : order.getOBSERVATIONAll()) {
                    OBX obx = observation.getOBX();
                    obxs++;
                    orderDevice = orderDevice != null ? orderDevice : device(obx);
                    Metric metric = Metric.of(obx.getObservationIdentifier());
                    if (metric != null) {
                        groups.computeIfAbsent(parent(obx.getObservationSubID().getValue()), key -> new ArrayList<>())
                                .add(new Metered(metric, obx, obxs));
                    }
                }
                for (Map.Entry<String, List<Metered>> group : groups.entrySet()) {
                    String id = "hl7-" + UUID.nameUUIDFromBytes((source + "|" + orders + "|" + group.getKey())
                            .getBytes(StandardCharsets.UTF_8));
                    try {
                        String time = time(group.getValue().get(0), order.getOBR().getObservationDateTime().getValue(),
                                orders, senderOffset);
                        readings.add(new Mapped(observation(id, patient(result, p + 1), time, group.getValue(),
                                orderDevice), Hl7Refusal.at("OBX", group.getValue().get(0).position(), 3)));
                    } catch (Hl7Refusal refusal) {
                        refused.add(refusal);
                    }
                }
            }
        }
        if (readings.isEmpty() && !refused.isEmpty()) {
            throw refused.get(0);
        }
        if (readings.isEmpty()) {
            throw new Hl7Refusal(ErrorCode.REQUIRED_FIELD_MISSING, obxs > 0 ? Hl7Refusal.at("OBX", 1, 3) : null,
                    "no blood-pressure OBX: OBX-3 is none of MDC 150021 (systolic), 150022 (diastolic), 150023 (mean)");
        }
        return new Readings(readings, refused);
    }

    private static Observation observation(String id, String patientId, String time, List<Metered> metrics,
                                           String orderDevice) throws HL7Exception {
        Observation observation = new Observation();
        observation.setId(id);
        observation.addCategory().addCoding().setSystem(CATEGORY_SYSTEM).setCode(VITAL_SIGNS).setDisplay(VITAL_SIGNS_DISPLAY);
        observation.getCode().setText("Blood pressure").addCoding().setSystem(LOINC).setCode(PANEL).setDisplay(PANEL_DISPLAY);
        observation.getCode().addCoding().setSystem(MDC).setCode(NONINVASIVE).setDisplay("MDC_PRESS_BLD_NONINV");
        observation.setSubject(new Reference(PATIENT_REFERENCE_PREFIX + patientId));
        observation.setEffective(new DateTimeType(time));
        ObservationStatus status = ObservationStatus.FINAL;
        String device = null;
        for (Metered metered : metrics) {
            OBX obx = metered.obx();
            String resultStatus = value(obx.getObservationResultStatus().getValue());
            device = device != null ? device : device(obx);
            if (resultStatus.equals("X")) {
                continue;
            }
            ObservationStatus mapped = STATUSES.get(resultStatus);
            if (mapped == null) {
                throw new Hl7Refusal(ErrorCode.TABLE_VALUE_NOT_FOUND, Hl7Refusal.at("OBX", metered.position(), 11),
                        "OBX-11 '" + safe(resultStatus) + "' is not a result status this door reads (F, C, P, R, S, U, W, D, X)");
            }
            status = PRECEDENCE.indexOf(mapped) > PRECEDENCE.indexOf(status) ? mapped : status;
            Quantity quantity = quantity(metered);
            if (quantity != null) {
                component(observation, metered.metric()).setValue(quantity);
            }
        }
        for (Metric required : new Metric[] {Metric.SYS, Metric.DIA}) {
            boolean measured = observation.getComponent().stream().anyMatch(c -> c.getCode().hasCoding(LOINC, required.loinc));
            if (!measured) {
                // the bp profile wants both components: one not measured says so, and the reading is partial
                component(observation, required).setDataAbsentReason(new CodeableConcept().addCoding(new Coding()
                        .setSystem(DATA_ABSENT_REASON).setCode("unknown").setDisplay("Unknown")));
            }
        }
        // the bp profile fixes mm[Hg]: a reading in kPa goes as measured (the reader converts it) and claims no profile
        if (observation.getComponent().stream().noneMatch(c -> c.hasValueQuantity()
                && KILOPASCAL.equals(c.getValueQuantity().getCode()))) {
            observation.getMeta().addProfile(BP_PROFILE);
        }
        observation.setStatus(status);
        device = device != null ? device : orderDevice;
        if (device != null) {
            observation.setDevice(new Reference(DEVICE_REFERENCE_PREFIX + device));
        }
        return observation;
    }

    private static Observation.ObservationComponentComponent component(Observation observation, Metric metric) {
        Observation.ObservationComponentComponent component = observation.addComponent();
        component.getCode().addCoding().setSystem(LOINC).setCode(metric.loinc).setDisplay(metric.display);
        component.getCode().addCoding().setSystem(MDC).setCode(metric.mdc).setDisplay(metric.mdcName);
        return component;
    }

    /** OBX-5 as a UCUM Quantity, by OBX-6; null when OBX-5 is empty (a metric the monitor did not measure). */
    private static Quantity quantity(Metered metered) throws HL7Exception {
        OBX obx = metered.obx();
        String text = obx.getObservationValueReps() == 0 ? "" : value(obx.getObservationValue(0).encode());
        if (text.isEmpty()) {
            return null;
        }
        BigDecimal number;
        try {
            if (!"NM".equals(obx.getValueType().getValue())) {
                throw new NumberFormatException();
            }
            number = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new Hl7Refusal(ErrorCode.DATA_TYPE_ERROR, Hl7Refusal.at("OBX", metered.position(), 5),
                    "OBX-5 of " + metered.metric().mdcName + " is not a number (OBX-2 must be NM)");
        }
        CWE unit = obx.getUnits();
        String code = value(unit.getIdentifier().getValue());
        String name = value(unit.getText().getValue());
        Quantity quantity = new Quantity().setValue(number).setSystem(UCUM);
        if (code.equals("266016") || name.equals("MDC_DIM_MMHG") || code.equals(MM_HG) || code.equals(MM_HG_DISPLAY)) {
            return quantity.setUnit(MM_HG_DISPLAY).setCode(MM_HG);
        }
        if (code.equals("265987") || name.equals("MDC_DIM_KILO_PASCAL") || code.equals(KILOPASCAL)) {
            return quantity.setUnit(KILOPASCAL).setCode(KILOPASCAL);
        }
        throw new Hl7Refusal(ErrorCode.TABLE_VALUE_NOT_FOUND, Hl7Refusal.at("OBX", metered.position(), 6),
                "OBX-6 unit '" + safe(code.isEmpty() ? name : code) + "' of " + metered.metric().mdcName
                        + " is neither mmHg (MDC 266016, UCUM mm[Hg]) nor kPa (MDC 265987, UCUM kPa)");
    }

    /** PID-3's first identifier: the patient id, which must be a FHIR id. */
    private static String patient(ORU_R01_PATIENT_RESULT result, int repetition) {
        String id = value(result.getPATIENT().getPID().getPatientIdentifierList(0).getIDNumber().getValue());
        if (id.isEmpty()) {
            throw new Hl7Refusal(ErrorCode.REQUIRED_FIELD_MISSING, Hl7Refusal.at("PID", repetition, 3),
                    "no patient identifier in PID-3");
        }
        if (!FhirDatatypes.isId(id)) {
            throw new Hl7Refusal(ErrorCode.DATA_TYPE_ERROR, Hl7Refusal.at("PID", repetition, 3),
                    "PID-3's identifier is " + FhirDatatypes.NOT_AN_ID);
        }
        return id;
    }

    /** OBX-18's first equipment id (EI-1), when it is a FHIR id; a monitor's EUI-64 is. */
    private static String device(OBX obx) {
        if (obx.getEquipmentInstanceIdentifierReps() == 0) {
            return null;
        }
        String id = value(obx.getEquipmentInstanceIdentifier(0).getEntityIdentifier().getValue());
        return FhirDatatypes.isId(id) ? id : null;
    }

    /** OBX-14 of the group's first metric, else OBR-7, as a FHIR dateTime; without an offset, MSH-7's. */
    private static String time(Metered first, String orderTime, int order, String senderOffset) {
        String observed = value(first.obx().getDateTimeOfTheObservation().getValue());
        String field = observed.isEmpty() ? "OBR-7" : "OBX-14";
        String text = observed.isEmpty() ? value(orderTime) : observed;
        Location where = observed.isEmpty() ? Hl7Refusal.at("OBR", order, 7) : Hl7Refusal.at("OBX", first.position(), 14);
        if (text.isEmpty()) {
            throw new Hl7Refusal(ErrorCode.REQUIRED_FIELD_MISSING, Hl7Refusal.at("OBX", first.position(), 14),
                    "no observation time in OBX-14 or OBR-7");
        }
        Matcher dtm = DTM.matcher(text);
        if (!dtm.matches()) {
            throw new Hl7Refusal(ErrorCode.DATA_TYPE_ERROR, where,
                    field + " is not a time down to the minute (YYYYMMDDHHMM[SS][+/-ZZZZ])");
        }
        String offset = dtm.group(8) != null ? dtm.group(8) : senderOffset;
        if (offset == null) {
            throw new Hl7Refusal(ErrorCode.DATA_TYPE_ERROR, where,
                    field + " has no time-zone offset, and MSH-7 gives none either");
        }
        return dtm.group(1) + "-" + dtm.group(2) + "-" + dtm.group(3) + "T" + dtm.group(4) + ":" + dtm.group(5) + ":"
                + (dtm.group(6) == null ? "00" : dtm.group(6)) + (dtm.group(7) == null ? "" : dtm.group(7))
                + offset.substring(0, 3) + ":" + offset.substring(3);
    }

    private static String offset(String dtm) {
        Matcher offset = OFFSET.matcher(value(dtm));
        return offset.matches() ? offset.group(1) : null;
    }

    /** {@code 1.0.1} of {@code 1.0.1.2}: the metrics of one measurement share it. */
    private static String parent(String subId) {
        String id = value(subId);
        int dot = id.lastIndexOf('.');
        return dot < 0 ? "" : id.substring(0, dot);
    }

    private static String value(String text) {
        return text == null ? "" : text.trim();
    }

    /** A code the sender put, echoed in an ERR text: short, and only characters a code is made of. */
    static String safe(String code) {
        String text = value(code);
        return text.length() > 24 || !text.matches("[A-Za-z0-9_.\\[\\]-]*") ? "?" : text;
    }
}
