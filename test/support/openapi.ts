/** One property of a body schema: what the suites use to build a valid value. */
export interface SchemaProperty {
  type?: string;
  format?: string;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
}

/** A JSON body's schema as /swagger-json describes it ($refs resolved). */
export interface BodySchema {
  properties: Record<string, SchemaProperty>;
  required?: string[];
}

/** One method + path of the API, read from /swagger-json. */
export interface ApiRoute {
  /** `GET /api/customers/{id}` */
  key: string;
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  body?: BodySchema;
}

interface OpenApiParameter {
  in: string;
  name: string;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: OpenApiParameter[];
        requestBody?: {
          content?: Record<
            string,
            { schema?: { $ref?: string } & Partial<BodySchema> }
          >;
        };
      }
    >
  >;
  components: { schemas: Record<string, Partial<BodySchema>> };
}

/**
 * Every route of the API's OpenAPI document (`GET /swagger-json`): the suites that must cover each
 * route (fuzz, tenancy sweep) read them here, so a new route is covered without a test of its own.
 */
export function readApiRoutes(json: unknown): ApiRoute[] {
  const document = json as OpenApiDocument;
  const resolve = (
    schema: ({ $ref?: string } & Partial<BodySchema>) | undefined,
  ): Partial<BodySchema> | undefined =>
    schema?.$ref
      ? document.components.schemas[schema.$ref.split('/').pop() ?? '']
      : schema;
  const routes: ApiRoute[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const body = resolve(
        operation.requestBody?.content?.['application/json']?.schema,
      );
      routes.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: parameters
          .filter((p) => p.in === 'path')
          .map((p) => p.name),
        queryParams: parameters
          .filter((p) => p.in === 'query')
          .map((p) => p.name),
        body: body?.properties ? (body as BodySchema) : undefined,
      });
    }
  }
  return routes;
}
