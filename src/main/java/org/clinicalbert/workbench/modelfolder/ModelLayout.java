package org.clinicalbert.workbench.modelfolder;

/** How a model folder stores its config and weights. */
public enum ModelLayout {
    /** google's: {@code bert_config.json}, {@code vocab.txt} and a TensorFlow checkpoint. */
    TENSORFLOW("TensorFlow checkpoint (bert_config.json + TF checkpoint)"),
    /** transformers': {@code config.json}, {@code vocab.txt} and safetensors or torch.save weights. */
    HUGGING_FACE("Hugging Face (config.json + safetensors / pytorch_model.bin)");

    private final String description;

    ModelLayout(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
