package org.dermaseg.inference.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void fieldsAreQuotedOnlyWhenTheyMustBe() {
        assertEquals("", Csv.field(null));
        assertEquals("IMD002.png", Csv.field("IMD002.png"));
        assertEquals("\"a,b.png\"", Csv.field("a,b.png"));
        assertEquals("\"say \"\"hi\"\".png\"", Csv.field("say \"hi\".png"));
        assertEquals("\"two\nlines\"", Csv.field("two\nlines"));
        assertEquals("\"cr\rhere\"", Csv.field("cr\rhere"));
    }
}
