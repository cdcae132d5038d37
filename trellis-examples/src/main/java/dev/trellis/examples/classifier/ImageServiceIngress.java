package dev.trellis.examples.classifier;

import dev.trellis.http.routes.Get;
import dev.trellis.http.routes.Post;
import dev.trellis.serve.DeploymentHandle;
import dev.trellis.serve.DeploymentResponse;
import java.util.List;

/**
 * Seed 001's FastAPI {@code ImageServiceIngress}: the HTTP face of the image classifier, with
 * annotated routes below the application's route prefix ({@code /predict} in
 * {@code examples/online-classifier.yaml}):
 *
 * <ul>
 *   <li>{@code POST /predict} with {@code {"pixels": [784 values 0..255]}}: the image goes
 *       through the preprocessor and then the model, answering
 *       {@code {"predicted_label": 1, "class_name": "Trouser", "score": 0.98}}; a wrong image is
 *       a 400 naming what is wrong;</li>
 *   <li>{@code GET /predict/labels}: the class names the model can return;</li>
 *   <li>{@code GET /predict/openapi.json}: the OpenAPI document, FastAPI's {@code /docs} source.</li>
 * </ul>
 *
 * The preprocessor's response is handed to the model call unresolved, so the image tensor goes
 * from one deployment to the next without a wait here.
 */
public final class ImageServiceIngress {
    private final DeploymentHandle<ImagePreprocessor> preprocessor;
    private final DeploymentHandle<FashionClassifier> model;

    public ImageServiceIngress(DeploymentHandle<ImagePreprocessor> preprocessor,
                               DeploymentHandle<FashionClassifier> model) {
        this.preprocessor = preprocessor;
        this.model = model;
    }

    @Post(value = "/", summary = "Classify one 28 x 28 grayscale image")
    public Prediction predict(Image image) {
        DeploymentResponse<ImageTensor> normalized = preprocessor.remote(ImagePreprocessor::normalize, image);
        return model.remote(FashionClassifier::classify, normalized).result();
    }

    @Get(value = "/labels", summary = "The class names the model can return, in label order")
    public List<String> labels() {
        return model.remote(FashionClassifier::labels).result();
    }
}
