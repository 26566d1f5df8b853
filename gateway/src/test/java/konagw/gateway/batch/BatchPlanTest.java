package konagw.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import konagw.core.protocol.KonaCode;
import konagw.gateway.problem.GatewayProblemException;
import tools.jackson.databind.json.JsonMapper;

/** The pure parts of a batch: reading the body, validating entries, deduplication and the index chains. */
class BatchPlanTest {

    final BatchRequestReader reader = new BatchRequestReader(JsonMapper.builder().build(), 5);

    @Test
    void duplicatesAreOneCardWhoseChainVisitsEveryIndexInOrder() {
        BatchPlan plan = reader.read(("{\"cardNos\":[\"9410000000000001\",\"12\",\"9410000000000002\",null,"
                + "\"9410000000000001\"]}").getBytes());
        assertThat(plan.size()).isEqualTo(5);
        assertThat(plan.uniqueCount()).isEqualTo(2);
        assertThat(plan.uniqueOf(0)).isZero();
        assertThat(plan.uniqueOf(2)).isEqualTo(1);
        assertThat(plan.uniqueOf(4)).isZero();
        assertThat(plan.uniqueOf(1)).isEqualTo(-1);
        assertThat(plan.invalid(1)).isEqualTo(BatchPlan.Invalid.MALFORMED);
        assertThat(plan.invalid(3)).isEqualTo(BatchPlan.Invalid.MISSING);
        assertThat(plan.invalid(0)).isNull();
        assertThat(indicesOf(plan, 0)).containsExactly(0, 4);
        assertThat(indicesOf(plan, 1)).containsExactly(2);
        assertThat(plan.lastIndex(0)).isEqualTo(4);
        assertThat(plan.card(0).digits()).isEqualTo("9410000000000001");
        assertThat(plan.card(1).digits()).isEqualTo("9410000000000002");
    }

    @Test
    void leadingZerosSurviveThePrimitiveRepresentation() {
        BatchPlan plan = BatchPlan.builder().add("0000000000000042").add("0000000000000000").build();
        assertThat(plan.card(0).digits()).isEqualTo("0000000000000042");
        assertThat(plan.card(1).digits()).isEqualTo("0000000000000000");
    }

    @Test
    void entriesAreValidatedWithTheFacadeRule() {
        BatchPlan plan = new BatchRequestReader(JsonMapper.builder().build(), 100).read(("{\"cardNos\":["
                + "\"941000000000001\",\"94100000000000012\",\"94100000000000a1\",\"９４１００００００００００００１\","
                + "\"\",9410000000000001,{\"cardNo\":\"9410000000000001\"},[\"9410000000000001\"],true,null]}")
                .getBytes());
        assertThat(plan.uniqueCount()).isZero();
        List<BatchPlan.Invalid> kinds = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            kinds.add(plan.invalid(i));
        }
        assertThat(kinds).containsExactly(
                BatchPlan.Invalid.MALFORMED, BatchPlan.Invalid.MALFORMED, BatchPlan.Invalid.MALFORMED,
                BatchPlan.Invalid.MALFORMED, BatchPlan.Invalid.MALFORMED,
                BatchPlan.Invalid.NOT_STRING, BatchPlan.Invalid.NOT_STRING, BatchPlan.Invalid.NOT_STRING,
                BatchPlan.Invalid.NOT_STRING, BatchPlan.Invalid.MISSING);
        assertThat(BatchPlan.Invalid.MISSING.code()).isEqualTo(KonaCode.MISSING_REQUIRED);
        assertThat(BatchPlan.Invalid.NOT_STRING.code()).isEqualTo(KonaCode.INVALID_INPUT);
    }

    @Test
    void cardsReadStraightFromTheParserKeepLeadingZerosAndEscapes() {
        BatchPlan plan = new BatchRequestReader(JsonMapper.builder().build(), 100).read(("{\"cardNos\":["
                + "\"0000000000000042\",\"\\u0039410000000000001\",\"9410000000000001\",\"9999999999999999\"]}")
                .getBytes());
        assertThat(plan.uniqueCount()).isEqualTo(3);
        assertThat(plan.card(0).digits()).isEqualTo("0000000000000042");
        assertThat(plan.card(1).digits()).isEqualTo("9410000000000001");
        assertThat(plan.uniqueOf(2)).isEqualTo(1);
        assertThat(plan.card(2).digits()).isEqualTo("9999999999999999");
    }

    @Test
    void cardNumberReadsSixteenAsciiDigitsAtAnOffsetAndNothingElse() {
        char[] text = "xx9410000000000001yy".toCharArray();
        assertThat(BatchPlan.cardNumber(text, 2, 16)).isEqualTo(9_410_000_000_000_001L);
        assertThat(BatchPlan.cardNumber(text, 2, 15)).isEqualTo(-1);
        assertThat(BatchPlan.cardNumber(text, 1, 16)).isEqualTo(-1);
        assertThat(BatchPlan.cardNumber("941000000000000\u0661".toCharArray(), 0, 16)).isEqualTo(-1);
        assertThat(BatchPlan.cardNumber("94100000000000/1".toCharArray(), 0, 16)).isEqualTo(-1);
        assertThat(BatchPlan.cardNumber("94100000000000:1".toCharArray(), 0, 16)).isEqualTo(-1);
    }

    @Test
    void moreEntriesThanTheBodySizeSuggestsStillFit() {
        StringBuilder body = new StringBuilder("{\"cardNos\":[");
        for (int i = 0; i < 60; i++) {
            body.append(i == 0 ? "" : ",").append(i % 2 == 0 ? "1" : "\"9410000000000001\"");
        }
        BatchPlan plan = new BatchRequestReader(JsonMapper.builder().build(), 100).read(body.append("]}").toString()
                .getBytes());
        assertThat(plan.size()).isEqualTo(60);
        assertThat(plan.uniqueCount()).isEqualTo(1);
        assertThat(plan.invalid(58)).isEqualTo(BatchPlan.Invalid.NOT_STRING);
    }

    @Test
    void otherFieldsAreIgnoredAndAnEmptyListIsAnEmptyBatch() {
        BatchPlan plan = reader.read("{\"job\":{\"id\":[1,2]},\"cardNos\":[],\"x\":null}".getBytes());
        assertThat(plan.size()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}                                   | 000_003",
        "{\"cardNos\":null}                   | 000_003",
        "{\"cardNo\":\"9410000000000001\"}    | 000_003",
        "{\"cardNos\":\"9410000000000001\"}   | 000_002",
        "{\"cardNos\":{}}                     | 000_002",
        "{\"cardNos\":[],\"cardNos\":[]}      | 000_002",
        "{\"cardNos\":[\"9410000000000001\"]  | 000_002",
        "{\"cardNos\":[\"9410000000000001\",  | 000_002",
        "[\"9410000000000001\"]               | 000_002",
        "{\"cardNos\":[]} {}                  | 000_002",
        "not json                             | 000_002",
        "''                                   | 000_002",
        "{\"cardNos\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\"]} | 900_006",
    })
    void aBodyOfTheWrongShapeFailsTheRequest(String body, String code) {
        assertThatThrownBy(() -> reader.read(body.getBytes()))
                .isInstanceOfSatisfying(GatewayProblemException.class,
                        e -> assertThat(e.code().code()).isEqualTo(code));
    }

    @Test
    void exactlyMaxSizeEntriesIsAllowed() {
        assertThat(reader.read("{\"cardNos\":[\"1\",\"2\",\"3\",\"4\",null]}".getBytes()).size()).isEqualTo(5);
    }

    @Test
    void manyCardsWithManyDuplicatesMapBackToTheirIndices() {
        Random random = new Random(7);
        BatchPlan.Builder builder = BatchPlan.builder();
        List<String> input = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String card = String.format("%016d", (long) random.nextInt(5_000) * 1_000_003L);
            input.add(card);
            builder.add(card);
        }
        BatchPlan plan = builder.build();
        Map<String, Integer> distinct = new HashMap<>();
        for (int i = 0; i < input.size(); i++) {
            int unique = plan.uniqueOf(i);
            assertThat(plan.card(unique).digits()).isEqualTo(input.get(i));
            assertThat(distinct.computeIfAbsent(input.get(i), k -> unique)).isEqualTo(unique);
        }
        assertThat(plan.uniqueCount()).isEqualTo(distinct.size());
        int visited = 0;
        for (int u = 0; u < plan.uniqueCount(); u++) {
            int previous = -1;
            for (int i = plan.firstIndex(u); i >= 0; i = plan.nextIndex(i)) {
                assertThat(i).isGreaterThan(previous);
                assertThat(plan.uniqueOf(i)).isEqualTo(u);
                previous = i;
                visited++;
            }
            assertThat(previous).isEqualTo(plan.lastIndex(u));
        }
        assertThat(visited).isEqualTo(input.size());
    }

    @Test
    void longIntMapKeepsTheFirstValue() {
        BatchPlan.LongIntMap map = new BatchPlan.LongIntMap(2);
        for (int i = 0; i < 1000; i++) {
            assertThat(map.putIfAbsent(i * 7919L, i)).isEqualTo(-1);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(map.putIfAbsent(i * 7919L, -5)).isEqualTo(i);
        }
        assertThat(map.size()).isEqualTo(1000);
        assertThat(map.putIfAbsent(0L, 3)).isZero();
    }

    private static List<Integer> indicesOf(BatchPlan plan, int unique) {
        List<Integer> indices = new ArrayList<>();
        for (int i = plan.firstIndex(unique); i >= 0; i = plan.nextIndex(i)) {
            indices.add(i);
        }
        return indices;
    }
}
