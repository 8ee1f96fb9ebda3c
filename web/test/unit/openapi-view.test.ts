import { describe, expect, it } from 'vitest'
import { fields, operationsByTag, typeOf, type OpenApiDoc } from '../../app/utils/openapi-view'

const doc: OpenApiDoc = {
  info: { title: 'Warta API', version: '1' },
  components: {
    schemas: {
      Contact: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: ['string', 'null'] } }, required: ['id', 'name'] },
      Page: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Contact' } }, nextCursor: { anyOf: [{ type: 'string' }, { type: 'null' }] } }, required: ['items'] },
    },
  },
  paths: {
    '/api/v1/contacts': {
      get: { operationId: 'getContacts', summary: 'List', tags: ['contacts'], security: [{ bearerAuth: [] }, { apiKey: ['contacts:read'] }], parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }], responses: { 200: { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Page' } } } }, '4XX': { description: 'Error' } } },
      post: { operationId: 'postContacts', tags: ['contacts'], security: [], requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { contact: { $ref: '#/components/schemas/Contact' }, mode: { enum: ['a', 'b'] } }, required: ['contact'] } } } }, responses: { 201: { description: 'Created' } } },
    },
  },
}

describe('the API reference view of the OpenAPI document', () => {
  it('flattens nested and listed objects into dotted field names, following $refs', () => {
    expect(fields(doc, { $ref: '#/components/schemas/Page' }).map((f) => [f.name, f.type, f.required])).toEqual([
      ['items', 'Contact[]', true], ['items[].id', 'string (uuid)', true], ['items[].name', 'string | null', true], ['nextCursor', 'string | null', false],
    ])
  })

  it('names a type people can read', () => {
    expect(typeOf(doc, { enum: ['a', 'b'] })).toBe('"a" | "b"')
    expect(typeOf(doc, { $ref: '#/components/schemas/Contact' })).toBe('Contact')
  })

  it('groups operations by tag and says who may call each', () => {
    const [group] = operationsByTag(doc)
    expect(group!.tag).toBe('contacts')
    const [list, create] = group!.operations
    expect(list!.access).toEqual({ public: false, login: true, apiKeyScope: 'contacts:read', other: null })
    expect(list!.params).toEqual([{ in: 'query', name: 'limit', required: false, type: 'integer', description: '' }])
    expect(create!.access.public).toBe(true)
    expect(create!.body!.map((f) => f.name)).toEqual(['contact', 'contact.id', 'contact.name', 'mode'])
    expect(create!.bodyRequired).toBe(true)
  })
})
