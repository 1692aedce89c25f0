package org.clinicalbert.workbench.embed;

import org.clinicalbert.workbench.io.UserInputException;

/**
 * How texts become vectors; all of it is recorded in embed.json so that {@code neighbors} embeds queries the same
 * way. {@code batch} windows run per forward pass; it changes padding, hence the last float bits, so a resumed run
 * must keep it.
 */
public record EmbedSettings(Pooling pooling, LayerSelection layers, int maxSeqLength, int stride, int batch,
                            boolean lowerCase) {

    public EmbedSettings {
        if (batch < 1) {
            throw new UserInputException("--batch must be at least 1, got " + batch);
        }
    }
}
