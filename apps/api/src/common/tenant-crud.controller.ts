import { applyDecorators, Body, Query, type Type } from '@nestjs/common';
import { CurrentTenant, Tenant } from '@app/database';
import type { MessageResponseDto } from './error-response.dto.js';
import type { Page } from './pagination.js';
import { IdParam } from './parse-id.pipe.js';
import {
  CreateRoute,
  DeleteRoute,
  deleted,
  ListRoute,
  ReadRoute,
  ReplaceRoute,
} from './tenant-routes.js';

/** What a tenant resource's service offers its list, get, create, replace and delete routes. */
export interface TenantCrudService<Dto, ListQuery, CreateDto, UpdateDto> {
  list(tenant: Tenant, query: ListQuery): Promise<Page<Dto>>;
  get(tenant: Tenant, id: number): Promise<Dto>;
  create(tenant: Tenant, dto: CreateDto): Promise<Dto>;
  update(tenant: Tenant, id: number, dto: UpdateDto): Promise<Dto>;
  delete(tenant: Tenant, id: number): Promise<void>;
}

interface RouteOf {
  summary: string;
  /** The route's own answers beside the usual ones (a 409, a 422). */
  responses?: MethodDecorator[];
}

export interface TenantCrudRoutes<Dto, ListQuery, CreateDto, UpdateDto> {
  /** The collection's path below the controller's (default: the controller's own); one row is `<collection>/:id`. */
  collection?: string;
  /** The response DTO of every route but DELETE. */
  type: Type<Dto>;
  /** The list's query and the request bodies: their classes validate them (the global pipe) and describe them in Swagger. */
  listQuery: Type<ListQuery>;
  createBody: Type<CreateDto>;
  updateBody: Type<UpdateDto>;
  /** What a DELETE answers it deleted: `Customer` → "Customer deleted successfully". */
  noun: string;
  list: RouteOf;
  get: RouteOf;
  create: RouteOf;
  update: RouteOf;
  delete: RouteOf;
}

/**
 * The base of a tenant resource's controller: GET `<collection>` (a page, newest first), POST
 * `<collection>`, GET, PUT and DELETE `<collection>/:id`, each one call to the service with the
 * caller's Tenant. The subclass names the service (`protected readonly service`) and adds the
 * routes that are its own.
 */
export function TenantCrudController<Dto, ListQuery, CreateDto, UpdateDto>(
  routes: TenantCrudRoutes<Dto, ListQuery, CreateDto, UpdateDto>,
) {
  const collection = routes.collection ?? '';
  const one = collection ? `${collection}/:id` : ':id';
  /** The route's decorator (ReadRoute, ...) on `path`, with its summary and own answers. */
  const route = (
    kind: typeof CreateRoute,
    path: string,
    { summary, responses = [] }: RouteOf,
  ) =>
    applyDecorators(kind({ path, summary, type: routes.type }), ...responses);

  abstract class CrudController {
    protected abstract readonly service: TenantCrudService<
      Dto,
      ListQuery,
      CreateDto,
      UpdateDto
    >;

    @route(ListRoute, collection, routes.list)
    list(
      @CurrentTenant() tenant: Tenant,
      @Query() query: ListQuery,
    ): Promise<Page<Dto>> {
      return this.service.list(tenant, query);
    }

    @route(ReadRoute, one, routes.get)
    get(@CurrentTenant() tenant: Tenant, @IdParam() id: number): Promise<Dto> {
      return this.service.get(tenant, id);
    }

    @route(CreateRoute, collection, routes.create)
    create(
      @CurrentTenant() tenant: Tenant,
      @Body() dto: CreateDto,
    ): Promise<Dto> {
      return this.service.create(tenant, dto);
    }

    @route(ReplaceRoute, one, routes.update)
    update(
      @CurrentTenant() tenant: Tenant,
      @IdParam() id: number,
      @Body() dto: UpdateDto,
    ): Promise<Dto> {
      return this.service.update(tenant, id, dto);
    }

    @route(DeleteRoute, one, routes.delete)
    async delete(
      @CurrentTenant() tenant: Tenant,
      @IdParam() id: number,
    ): Promise<MessageResponseDto> {
      await this.service.delete(tenant, id);
      return deleted(routes.noun);
    }
  }

  // TypeScript records a type parameter's runtime type as Object, and the global validation pipe
  // and Swagger read a query's or a body's class from these types: name the resource's classes.
  Reflect.defineMetadata(
    'design:paramtypes',
    [Tenant, routes.listQuery],
    CrudController.prototype,
    'list',
  );
  Reflect.defineMetadata(
    'design:paramtypes',
    [Tenant, routes.createBody],
    CrudController.prototype,
    'create',
  );
  Reflect.defineMetadata(
    'design:paramtypes',
    [Tenant, Number, routes.updateBody],
    CrudController.prototype,
    'update',
  );
  return CrudController;
}
