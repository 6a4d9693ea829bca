import { applyDecorators, Body, type Type } from '@nestjs/common';
import { CurrentTenant, Tenant } from '@app/database';
import type { MessageResponseDto } from './error-response.dto.js';
import { IdParam } from './parse-id.pipe.js';
import {
  CreateRoute,
  DeleteRoute,
  deleted,
  ReadRoute,
  ReplaceRoute,
} from './tenant-routes.js';

/** What a tenant resource's service offers its get, create, replace and delete routes. */
export interface TenantCrudService<Dto, CreateDto, UpdateDto> {
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

export interface TenantCrudRoutes<Dto, CreateDto, UpdateDto> {
  /** The collection's path below the controller's (default: the controller's own); one row is `<collection>/:id`. */
  collection?: string;
  /** The response DTO of every route but DELETE. */
  type: Type<Dto>;
  /** The request bodies: their classes validate the body (the global pipe) and describe it in Swagger. */
  createBody: Type<CreateDto>;
  updateBody: Type<UpdateDto>;
  /** What a DELETE answers it deleted: `Customer` → "Customer deleted successfully". */
  noun: string;
  get: RouteOf;
  create: RouteOf;
  update: RouteOf;
  delete: RouteOf;
}

/**
 * The base of a tenant resource's controller: GET `<collection>/:id`, POST `<collection>`, PUT and
 * DELETE `<collection>/:id`, each one call to the service with the caller's Tenant. The subclass
 * names the service (`protected readonly service`) and adds its lists, which differ per resource.
 */
export function TenantCrudController<Dto, CreateDto, UpdateDto>(
  routes: TenantCrudRoutes<Dto, CreateDto, UpdateDto>,
) {
  const collection = routes.collection ?? '';
  const one = collection ? `${collection}/:id` : ':id';
  const own = (route: RouteOf) => applyDecorators(...(route.responses ?? []));

  abstract class CrudController {
    protected abstract readonly service: TenantCrudService<
      Dto,
      CreateDto,
      UpdateDto
    >;

    @ReadRoute({ path: one, summary: routes.get.summary, type: routes.type })
    @own(routes.get)
    get(@CurrentTenant() tenant: Tenant, @IdParam() id: number): Promise<Dto> {
      return this.service.get(tenant, id);
    }

    @CreateRoute({
      path: collection,
      summary: routes.create.summary,
      type: routes.type,
    })
    @own(routes.create)
    create(
      @CurrentTenant() tenant: Tenant,
      @Body() dto: CreateDto,
    ): Promise<Dto> {
      return this.service.create(tenant, dto);
    }

    @ReplaceRoute({
      path: one,
      summary: routes.update.summary,
      type: routes.type,
    })
    @own(routes.update)
    update(
      @CurrentTenant() tenant: Tenant,
      @IdParam() id: number,
      @Body() dto: UpdateDto,
    ): Promise<Dto> {
      return this.service.update(tenant, id, dto);
    }

    @DeleteRoute({ path: one, summary: routes.delete.summary })
    @own(routes.delete)
    async delete(
      @CurrentTenant() tenant: Tenant,
      @IdParam() id: number,
    ): Promise<MessageResponseDto> {
      await this.service.delete(tenant, id);
      return deleted(routes.noun);
    }
  }

  // TypeScript records a type parameter's runtime type as Object, and the global validation pipe
  // and Swagger read a body's class from these types: name the resource's body classes instead.
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
