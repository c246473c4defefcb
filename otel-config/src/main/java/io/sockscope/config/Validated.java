package io.sockscope.config;

/**
 * Implemented by component configuration records that check more than their types (ranges,
 * formats, combinations). Called after binding; throw {@link InvalidValueException} naming the key.
 */
public interface Validated {
    void validate() throws InvalidValueException;
}
